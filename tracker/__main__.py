import sys

if sys.argv[1:2] == ["merge-driver"]:
    # git starts the driver for every merged deal file: the rest of the command line (its
    # settings, its version from the package metadata) is not imported for it.
    from tracker.gitmerge import main as driver

    sys.exit(driver(sys.argv[2:]))

from tracker.cli import main

sys.exit(main())
