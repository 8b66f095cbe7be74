"""Development and operations tools: the `privacy` command and the local host. Not deployed (.funcignore)."""
