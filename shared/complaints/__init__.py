"""The complaint log (klachten) of the FG, with the AP's involvement."""
