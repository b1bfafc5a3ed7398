"""`python -m consult.clustering.algorithms cluster|similarity FILE.jsonl` (see `command`)."""
import sys

from consult.clustering.algorithms.command import main

sys.exit(main())
