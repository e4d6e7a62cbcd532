import sys

from urgency_corpus import main

sys.exit(main())
