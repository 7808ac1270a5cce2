"""Helpers shared by the Python end-to-end tests in tools/ (nrc_export_test.py,
nrc_export_compressed_test.py): the nrc binary from the command line, failures
collected by check(), nrc run as a subprocess."""
import subprocess
import sys

NRC = sys.argv[1] if len(sys.argv) > 1 else "nrc"
failures = []


def check(condition, what):
    """Records (and prints) a failure when condition is false."""
    if not condition:
        failures.append(what)
        print("FAILED:", what)


def run(*args):
    """nrc ARGS...: (exit status, stdout, stderr)."""
    p = subprocess.run([NRC, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def finish(ok_message):
    """Exit status 1 with the count when anything failed, else prints ok_message (exit 0)."""
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print(ok_message)
