#!/usr/bin/env python
"""Django's command-line utility; `lotse` (the installed console command) is the same."""

from lotse.__main__ import main

if __name__ == "__main__":
    main()
