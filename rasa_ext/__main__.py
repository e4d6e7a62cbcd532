"""Start the Rasa server with the project's patches: ``python -m rasa_ext run ...``.

Takes exactly the arguments of ``rasa`` (``run --model ... --credentials ...``). Before
handing over to Rasa's own command line it

1. applies :mod:`rasa_ext.patches` (explicitly, once), and
2. refuses to start an unsafe multi-process server (:func:`rasa_ext.lock_store.
   check_process_model`): several Sanic workers (``SANIC_WORKERS`` > 1) need a shared
   lock store (``REDIS_URL``), and the socket.io channel cannot run on several
   workers at all (a long-polling session's requests would land on different
   processes); run several Rasa servers behind the load balancer instead
   (``scripts/stack.py --rasa N``).
"""

from __future__ import annotations

import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    from rasa_ext import lock_store, patches

    args = list(sys.argv[1:] if argv is None else argv)
    problem = lock_store.check_process_model(args)
    if problem:
        print(f"rasa_ext: refusing to start: {problem}", file=sys.stderr)
        return 2
    patches.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
