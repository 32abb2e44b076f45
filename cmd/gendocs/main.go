// Command gendocs regenerates completions/ and docs/ from the command tree.
package main

func main() {}
