"""Peak resident memory of this process, in KiB, and starting the peak afresh.

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


def reset_peak() -> bool:
    """Start the peak again from what is resident now (Linux: ``clear_refs``, value 5).
    False where that cannot be done: the peak then still holds what came before."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True
