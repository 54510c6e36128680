"""Workbench's job agent: runs an instance's jobs inside the instance's own sandbox, and holds back those its slots
cannot take yet.

The server writes a job's id, one line, to the hand-over FIFO; the job's script is jobs/<id>.sh by then, its third
line a comment with JSON after "workbench-agent ": whom the job runs for, the folders it writes to, the slots it
takes ("cpu") and the instance's slots ("slots"; 0: the server holds every job back itself). The agent claims the
job by creating its record, <id>.started in the records folder, with O_EXCL, so a job never runs twice, whoever asks
again, and locks that record through a descriptor of its own, read-only. A job that fits in the free slots starts at
once; the others wait in submit order (their ids), and their record gets the line "queued nanoseconds": the server
hands an instance more jobs than its slots (Workbench:JobsAheadPerSlot), so the next one starts here as a slot frees, without waiting
for the server to hear of the end. A waiting job holds its lock through the agent: a "queued" record nobody holds is
one whose agent died, which never started it. "cancel <id>" on the FIFO drops a waiting job and deletes its record
(one that started already is the server's to stop).

A job starts as `sh jobs/<id>.sh` in a session of its own, with posix_spawn (no fork of the agent, no sandbox of its
own to build: that is what makes a job cheap to start), after the agent made its folders, 5 nice values below the
agent (JOB_NICE); its processes inherit that, and the lock as descriptor 9, which they hold for as long as any of
them lives. The record then gets "started nanoseconds pid starttime" (the pid and start time as this sandbox's /proc
shows them). When the job's first process exits, the agent starts the jobs its slot lets start, then ends what is
left of its process group and adds "ended nanoseconds status" (when it saw the exit; 128 + the signal for a killed
one) before it lets go of the lock. Anything that goes wrong around the command goes to <id>.log; a job it could not
start ends with status 127. Its jobs' ends come as SIGCHLD. One record a job, not a file for each fact: on ext4 without
a journal every new file scans past the inodes deleted in the last minutes.

An agent started again (its loop restarts it should it die) counts the jobs an earlier one started that still run
against the slots, until they end.
"""

import bisect
import fcntl
import json
import os
import re
import selectors
import signal
import threading
import time

FILES = "/opt/workbench"
JOBS = FILES + "/jobs"
RECORDS = FILES + "/job-records"
QUEUE = FILES + "/job-handover"
NOTE = "# workbench-agent "
LOCK_FD = 9
# Jobs run 5 nice values below the agent and the instance's apps, which share the instance's cgroups with them: the
# agent then starts the next job as a slot frees, and a notebook answers, without waiting behind the running jobs.
JOB_NICE = min(os.getpriority(os.PRIO_PROCESS, 0) + 5, 19)
PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"


def first_lines(path, lines):
    """The first lines of a file (fewer if it has fewer), read through its descriptor alone: a file object would ask the
    file more (fstat, ioctl, lseek) for every job."""
    fd = os.open(path, os.O_RDONLY)
    try:
        data = b""
        while data.count(b"\n") < lines:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    return data.decode().split("\n")[:lines]


def note(script):
    """The script's third line: whom the job runs for, the folders it writes to, its slots and the instance's."""
    lines = first_lines(script, 3)
    if len(lines) < 3 or not lines[2].startswith(NOTE):
        raise OSError(f"{script} is not a job script of this Workbench")
    return json.loads(lines[2][len(NOTE):])


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
    """Field 22 of the process's stat: with its pid, names it for good. The name before it may hold any byte."""
    fd = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
    try:
        stat = os.read(fd, 4096)
    finally:
        os.close(fd)
    return stat.rsplit(b")", 1)[1].split()[19].decode()


def make_folders(folders):
    """Makes the folders and their parents; one that holds another of them is made with it, not asked for again."""
    made = []
    for folder in sorted((os.path.normpath(f) for f in folders), key=len, reverse=True):
        if not any(other.startswith(folder + "/") for other in made):
            os.makedirs(folder, exist_ok=True)
        made.append(folder)


class Claim:
    """A job the agent claimed: its record, lock and log descriptors and what its script's note says."""

    def __init__(self, job_id, record, lock, log, job):
        self.id = job_id
        self.record, self.lock, self.log = record, lock, log
        self.job = job
        self.cpu = max(int(job.get("cpu", 1)), 1)
        self.queued = False


class Agent:
    def __init__(self):
        self.selector = selectors.DefaultSelector()
        self.running = {}
        self.waiting = []
        self.slots = 0
        self.used = 0
        self.others_ended = []
        self.pending = b""
        self.wake_write = -1

    def run(self):
        queue = os.open(QUEUE, os.O_RDWR | os.O_NONBLOCK)
        # A job's end is a SIGCHLD, which wakes the loop through this pipe (no pidfd needed).
        wake, self.wake_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.count_others()
        self.selector.register(wake, selectors.EVENT_READ, (0, self.reap))
        self.selector.register(queue, selectors.EVENT_READ, (1, self.read_queue))
        while True:
            # Ends before hand-overs: a freed slot goes to a job already waiting before new claims are read.
            for key, _ in sorted(self.selector.select(), key=lambda event: event[0].data[0]):
                key.data[1](key.fd)

    def read_queue(self, queue):
        try:
            self.pending += os.read(queue, 65536)
        except BlockingIOError:
            return
        *lines, self.pending = self.pending.split(b"\n")
        for line in lines:
            word, _, job_id = line.decode("ascii", "replace").strip().rpartition(" ")
            if not job_id.isdigit():
                continue
            if word == "":
                self.claim(int(job_id))
            elif word == "cancel":
                self.cancel(int(job_id))
        self.start_waiting()

    def claim(self, job_id):
        try:
            record = os.open(f"{RECORDS}/{job_id}.started", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        log = lock = None
        try:
            log = os.open(f"{RECORDS}/{job_id}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            # Locked through a descriptor of its own, read-only: what a job writes to descriptor 9 goes nowhere.
            lock = os.open(f"{RECORDS}/{job_id}.started", os.O_RDONLY)
            fcntl.flock(lock, fcntl.LOCK_EX)
            job = note(f"{JOBS}/{job_id}.sh")
            claim = Claim(job_id, record, lock, log, job)
        except (OSError, ValueError, KeyError, TypeError) as e:  # a script it cannot read ends that job, never the agent
            self.could_not_start(e, record, lock, log)
            return
        self.slots = int(job.get("slots", 0))
        bisect.insort(self.waiting, claim, key=lambda c: c.id)

    def fits(self, claim):
        # A job larger than the slots (made smaller since) still starts, alone.
        return self.slots <= 0 or self.used == 0 or self.used + claim.cpu <= self.slots

    def start_waiting(self):
        """Starts the waiting jobs in submit order while the first fits; marks those left waiting."""
        while self.waiting and self.fits(self.waiting[0]):
            self.start(self.waiting.pop(0))
        for claim in self.waiting:
            if not claim.queued:
                os.write(claim.record, f"queued {time.time_ns()}\n".encode())
                claim.queued = True

    def start(self, claim):
        started = time.time_ns()
        try:
            script = f"{JOBS}/{claim.id}.sh"
            env = environment(claim.job["owner"])
            make_folders(claim.job["folders"])
            pid = os.posix_spawn("/bin/sh", ["sh", script], env, setsid=True, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, claim.log, 1),
                (os.POSIX_SPAWN_DUP2, claim.log, 2),
                (os.POSIX_SPAWN_DUP2, claim.lock, LOCK_FD),
            ])
        except (OSError, ValueError, KeyError, TypeError) as e:
            self.could_not_start(e, claim.record, claim.lock, claim.log, started)
            return
        try:
            # The job's whole process group, not its first process alone: a child it started before this call (the job
            # runs from the moment posix_spawn returns) gets it too, and what it starts later inherits it.
            os.setpriority(os.PRIO_PGRP, pid, JOB_NICE)
        except OSError:  # it ended already
            pass
        self.used += claim.cpu
        self.running[pid] = claim
        os.write(claim.record, f"started {started} {pid} {start_time(pid)}\n".encode())

    def cancel(self, job_id):
        """Drops a waiting job: no record of it is left, as if it had never been handed over."""
        for claim in self.waiting:
            if claim.id == job_id:
                self.waiting.remove(claim)
                for record in (".started", ".log"):
                    try:
                        os.unlink(f"{RECORDS}/{job_id}{record}")
                    except FileNotFoundError:
                        pass
                close(claim.log, claim.lock, claim.record)
                return

    def reap(self, wake):
        while True:
            try:
                os.read(wake, 4096)
            except BlockingIOError:
                break
        while self.others_ended:
            self.used -= self.others_ended.pop()
        ended = []
        while self.running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            if pid in self.running:
                claim = self.running.pop(pid)
                self.used -= claim.cpu
                ended.append((pid, os.waitstatus_to_exitcode(status), time.time_ns(), claim))
        # The freed slots' next jobs start before the ends are recorded: a record's write wakes the server, whose
        # scheduling group comes first, and its work on that end would come between the slot freeing and the next start.
        # The ends are recorded even should a start fail in a way that ends the agent.
        try:
            self.start_waiting()
        finally:
            for pid, code, at, claim in ended:
                self.ended(pid, code, at, claim)

    def ended(self, pid, code, at, claim):
        try:
            # What it left running in its process group ends with it, as in a sandbox of its own.
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        finish(128 - code if code < 0 else code, claim.record, claim.lock, claim.log, at)

    def could_not_start(self, error, record, lock, log, started=None):
        if log is not None:
            os.write(log, f"workbench: the job could not start: {error}\n".encode())
        os.write(record, f"started {started or time.time_ns()} 0 0\n".encode())
        finish(127, record, lock, log)

    def count_others(self):
        """Jobs an earlier agent of this sandbox started that still run (they hold their records' locks) take slots
        until they end, which a thread a job waits for on its lock."""
        for name in os.listdir(RECORDS):
            job_id, _, kind = name.partition(".")
            if kind != "started" or not job_id.isdigit():
                continue
            try:
                lock = os.open(f"{RECORDS}/{name}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue
            try:
                fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
                held = False
            except BlockingIOError:
                held = True
            except OSError:  # not a record the agent made (a job may write here too): nothing to count
                held = False
            if not held:
                os.close(lock)
                continue
            try:
                cpu = max(int(note(f"{JOBS}/{job_id}.sh").get("cpu", 1)), 1)
            except (OSError, ValueError, IndexError, TypeError, AttributeError):
                cpu = 1
            self.used += cpu
            threading.Thread(target=self.other_ends, args=(lock, cpu), daemon=True).start()

    def other_ends(self, lock, cpu):
        fcntl.flock(lock, fcntl.LOCK_SH)
        os.close(lock)
        self.others_ended.append(cpu)
        os.write(self.wake_write, b"\0")


def finish(code, record, lock, log, at=None):
    """Its end (when the agent saw it, else now) and status, added to its record (one write) before the lock goes."""
    os.write(record, f"ended {at or time.time_ns()} {code}\n".encode())
    close(log, lock, record)


def close(*fds):
    for fd in fds:
        if fd is not None:
            os.close(fd)


if __name__ == "__main__":
    Agent().run()
