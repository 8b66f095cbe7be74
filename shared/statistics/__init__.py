"""The figures behind the console's charts and the FG's yearly report, computed set-based in SQL."""
