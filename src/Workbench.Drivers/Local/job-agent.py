"""Workbench's job agent: runs an instance's jobs inside the instance's own sandbox.

The server writes a job's id, one line, to the queue (a FIFO); the job's script is jobs/<id>.sh by then,
its third line a comment with JSON after "workbench-agent ": whom the job runs for and the folders it
writes to. The agent claims the job by creating its record, <id>.started in the records folder, with
O_EXCL, so a job never runs twice, whoever asks again; locks that record (held by the job's processes for
as long as any of them lives, through descriptor 9, which they inherit); makes the job's folders; and
starts `sh jobs/<id>.sh` in a session of its own with posix_spawn (no fork of the agent, no sandbox of
its own to build: that is what makes a job cheap to start). The record then gets its first line,
"started nanoseconds pid starttime" (the pid and start time as this sandbox's /proc shows them). When the
job's first process exits, the agent ends what is left of its process group and adds "ended nanoseconds
status" (128 + the signal for a killed one) before it lets go of the lock. Anything that goes wrong
around the command goes to <id>.log; a job it could not start ends with status 127. Its jobs' ends come
as SIGCHLD. One record a job, not a file for each fact: on ext4 without a journal every new file scans
past the inodes deleted in the last minutes.
"""

import fcntl
import json
import os
import re
import selectors
import signal
import time

FILES = "/opt/workbench"
JOBS = FILES + "/jobs"
RECORDS = FILES + "/job-records"
QUEUE = FILES + "/job-fifo"
NOTE = "# workbench-agent "
LOCK_FD = 9
PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"


def note(script):
    """The script's third line: whom the job runs for and the folders it writes to."""
    with open(script) as f:
        line = [f.readline() for _ in range(3)][2]
    if not line.startswith(NOTE):
        raise OSError(f"{script} is not a job script of this Workbench")
    return json.loads(line[len(NOTE):])


def environment(owner):
    """What a job starts with: nothing of the agent's own environment but who it runs for and where.

    A cluster's node runs the jobs of every member: a job of someone other than the node's owner finds the
    node's home (with the share in it) at its own /home/<name> too."""
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*", owner):
        raise OSError(f"not a user name: {owner!r}")
    home = f"/home/{owner}"
    if not os.path.isdir(home):
        os.symlink(os.environ["HOME"], home)
    return {"PATH": PATH, "LANG": "C.UTF-8", "HOME": home, "USER": owner, "TMPDIR": "/tmp"}


def start_time(pid):
    """Field 22 of the process's stat: with its pid, names it for good."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[19]


class Agent:
    def __init__(self):
        self.selector = selectors.DefaultSelector()
        self.running = {}
        self.pending = b""

    def run(self):
        queue = os.open(QUEUE, os.O_RDWR | os.O_NONBLOCK)
        # A job's end is a SIGCHLD, which wakes the loop through this pipe (no pidfd needed).
        wake, wake_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector.register(queue, selectors.EVENT_READ, self.read_queue)
        self.selector.register(wake, selectors.EVENT_READ, self.reap)
        while True:
            for key, _ in self.selector.select():
                key.data(key.fd)

    def read_queue(self, queue):
        try:
            self.pending += os.read(queue, 65536)
        except BlockingIOError:
            return
        *lines, self.pending = self.pending.split(b"\n")
        for line in lines:
            job_id = line.decode("ascii", "replace").strip()
            if job_id.isdigit():
                self.start(job_id)

    def start(self, job_id):
        try:
            record = os.open(f"{RECORDS}/{job_id}.started", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        started = time.time_ns()
        log = lock = None
        try:
            log = os.open(f"{RECORDS}/{job_id}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            # Locked through a descriptor of its own, read-only: what a job writes to descriptor 9 goes nowhere.
            lock = os.open(f"{RECORDS}/{job_id}.started", os.O_RDONLY)
            fcntl.flock(lock, fcntl.LOCK_EX)
            script = f"{JOBS}/{job_id}.sh"
            job = note(script)
            env = environment(job["owner"])
            for folder in job["folders"]:
                os.makedirs(folder, exist_ok=True)
            pid = os.posix_spawn("/bin/sh", ["sh", script], env, setsid=True, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, log, 1),
                (os.POSIX_SPAWN_DUP2, log, 2),
                (os.POSIX_SPAWN_DUP2, lock, LOCK_FD),
            ])
        except (OSError, ValueError, KeyError, TypeError) as e:  # a script it cannot read ends that job, never the agent
            if log is not None:
                os.write(log, f"workbench: the job could not start: {e}\n".encode())
            self.finish(127, record, lock, log, f"{started} 0 0")
            return
        self.running[pid] = (record, lock, log)
        os.write(record, f"started {started} {pid} {start_time(pid)}\n".encode())

    def reap(self, wake):
        while True:
            try:
                os.read(wake, 4096)
            except BlockingIOError:
                break
        while self.running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                return
            if pid in self.running:
                self.ended(pid, os.waitstatus_to_exitcode(status), *self.running.pop(pid))

    def ended(self, pid, code, record, lock, log):
        try:
            # What it left running in its process group ends with it, as in a sandbox of its own.
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.finish(128 - code if code < 0 else code, record, lock, log)

    def finish(self, code, record, lock, log, started=None):
        """Its end and status, added to its record (each line one write) before the lock goes."""
        if started is not None:
            os.write(record, f"started {started}\n".encode())
        os.write(record, f"ended {time.time_ns()} {code}\n".encode())
        for fd in (log, lock, record):
            if fd is not None:
                os.close(fd)


if __name__ == "__main__":
    Agent().run()
