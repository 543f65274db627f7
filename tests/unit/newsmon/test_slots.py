"""Transactional slots: distinct while held, the same id again after a release or the holder's death."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

from newsmon.kafka_io.slots import Slot


def test_two_holders_get_two_slots_and_a_released_slot_is_taken_again(tmp_path):
    first, second = Slot(tmp_path, "newsmon-enricher"), Slot(tmp_path, "newsmon-enricher")
    host = socket.gethostname()
    assert (first.transactional_id, second.transactional_id) == (f"newsmon-enricher-{host}-0",
                                                                  f"newsmon-enricher-{host}-1")
    first.release()
    again = Slot(tmp_path, "newsmon-enricher")
    assert again.transactional_id == f"newsmon-enricher-{host}-0"
    for slot in (second, again):
        slot.release()


def test_a_killed_holder_leaves_its_slot_to_the_next_process(tmp_path):
    code = ("import sys, time; from pathlib import Path; from newsmon.kafka_io.slots import Slot; "
            f"s = Slot(Path({str(tmp_path)!r}), 'svc'); print(s.transactional_id, flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        held = holder.stdout.readline().strip()
        other = Slot(tmp_path, "svc")
        assert held.endswith("-0") and other.transactional_id.endswith("-1")
        other.release()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        time.sleep(0.1)
        successor = Slot(tmp_path, "svc")
        assert successor.transactional_id == held
        successor.release()
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.stdout.close()
