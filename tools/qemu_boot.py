#!/usr/bin/python3
r"""Boot an image in QEMU with a hard timeout and capture what it prints.

Used by the boot tests; also handy by hand:
  tools/qemu_boot.py build/images/hello-image-arm-qemu-arm-virt --timeout 30
QEMU is killed when the timeout passes or when a line matches --stop (for
images that park the CPU instead of powering off). Exit status: QEMU's own,
124 on timeout, 0 if stopped on a --stop line.

The serial port reads QEMU's stdin: --input types text into it (with
backslash escapes such as \n) once a line matches --input-after, e.g.
  tools/qemu_boot.py build/images/uart_driver-image-arm-qemu-arm-virt \
      --input 'hello keel\n' --input-after '^uart_driver: ready$'
"""
import argparse
import codecs
import os
import re
import selectors
import subprocess
import sys
import time

QEMU_BASE = ['qemu-system-arm', '-cpu', 'cortex-a15', '-m', '1G',
             '-nographic', '-monitor', 'none', '-serial', 'stdio']


class BootResult:
    def __init__(self, output, exit_status, timed_out, stopped):
        self.output = output          # everything printed, as text
        self.exit_status = exit_status  # QEMU's exit status, None if killed
        self.timed_out = timed_out
        self.stopped = stopped        # killed after a stop line appeared

    @property
    def lines(self):
        return self.output.split('\n')


def unescape(text):
    """Bytes for text with Python-style backslash escapes (\\n, \\r, \\xHH)."""
    return codecs.escape_decode(text.encode())[0]


def boot(qemu_args, timeout, stop=None, hyp=False, input=None, input_after=None):
    """Run QEMU (qemu_args appended to the base command line). hyp: give the
    CPU EL2, so that QEMU and U-Boot start the guest in HYP mode. input:
    bytes for the serial port, written to QEMU's stdin once a line of output
    matches the regular expression input_after (at once if that is None);
    waiting for a line of the image keeps them from reaching U-Boot."""
    stop_re = re.compile(stop, re.M) if stop else None
    after_re = re.compile(input_after, re.M) if input_after else None
    machine = ['-machine', 'virt,virtualization=on' if hyp else 'virt']
    proc = subprocess.Popen(QEMU_BASE + machine + list(qemu_args),
                            stdin=subprocess.DEVNULL if input is None else subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    out = b''
    deadline = time.monotonic() + timeout
    timed_out = stopped = False
    pending = input
    try:
        while True:
            if pending is not None and (after_re is None or after_re.search(
                    out.decode(errors='replace').replace('\r', ''))):
                write_input(proc, pending)
                pending = None
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not sel.select(min(left, 0.5)):
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
            if stop_re and stop_re.search(out.decode(errors='replace').replace('\r', '')):
                stopped = True
                break
    finally:
        if proc.stdin:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            status = None
        else:
            status = proc.returncode
        proc.stdout.close()
    if status is None and not (timed_out or stopped):
        status = proc.returncode
    return BootResult(out.decode(errors='replace').replace('\r', ''), status, timed_out, stopped)


def write_input(proc, data):
    try:
        proc.stdin.write(data)
        proc.stdin.flush()
    except BrokenPipeError:
        pass  # QEMU has exited; what it printed tells why


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('image', help='image to pass to QEMU -kernel')
    ap.add_argument('--timeout', type=float, default=60, help='seconds (default 60)')
    ap.add_argument('--stop', help='regular expression: stop QEMU once the output matches it')
    ap.add_argument('--hyp', action='store_true', help='start in HYP mode (virtualization=on)')
    ap.add_argument('--input', help='text for the serial port (backslash escapes allowed)')
    ap.add_argument('--input-after', metavar='REGEX',
                    help='send --input once an output line matches REGEX (default: at once)')
    ap.add_argument('qemu_args', nargs='*', help='extra QEMU arguments (after --)')
    args = ap.parse_args(argv)
    feed = unescape(args.input) if args.input is not None else None
    r = boot(['-kernel', args.image] + args.qemu_args, args.timeout, args.stop, args.hyp,
             feed, args.input_after)
    sys.stdout.write(r.output)
    if r.timed_out:
        print(f'\nqemu_boot: timed out after {args.timeout:g} s', file=sys.stderr)
        return 124
    return 0 if r.stopped else r.exit_status


if __name__ == '__main__':
    sys.exit(main())
