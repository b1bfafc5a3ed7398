"""Old name of the offline command, kept working: `python -m consult.clustering ...` is
`python -m consult.clustering.algorithms ...` (see `consult.clustering.algorithms.command`)."""
import sys

from consult.clustering.algorithms.command import main

sys.exit(main())
