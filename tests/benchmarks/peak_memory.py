"""Peak resident memory of this process, in KiB.

On Linux ``ru_maxrss`` survives fork and exec, so a child started by a large benchmark
process would report its parent's peak; ``VmHWM`` belongs to the new process image alone.
"""

import resource
import sys


def peak_kib() -> int:
    if sys.platform.startswith("linux"):
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
