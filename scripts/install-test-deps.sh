#!/usr/bin/env bash
# Installs what the tests need beyond Go (filled in by the completion work).
set -euo pipefail
