"""The simulator's ESC/POS interpreter: split reads, status answers, job boundaries."""
from devices.printer.escpos_interpreter import EscposInterpreter, PrintedQr
from devices.printer.layout import ReceiptLayout


def interpreter(**kwargs):
    return EscposInterpreter(lambda n: 0x12 + n, **kwargs)


def test_bytes_arriving_one_at_a_time_give_the_same_job(receipt):
    data = ReceiptLayout().render(receipt)
    whole = interpreter().feed(data)[1]
    trickled = []
    split = interpreter()
    for byte in data:
        trickled += split.feed(bytes([byte]))[1]
    assert len(whole) == len(trickled) == 1
    assert whole[0].elements == trickled[0].elements
    assert trickled[0].raw == data
    assert isinstance(whole[0].elements[4], PrintedQr)


def test_status_requests_are_answered_and_are_not_a_job():
    interp = interpreter()
    replies, jobs = interp.feed(b"\x10\x04\x01\x10\x04\x04")
    assert replies == bytes([0x13, 0x16]) and jobs == []
    assert interp.end_of_stream() is None


def test_text_without_chinese_mode_is_not_decoded_as_gb18030():
    interp = interpreter()
    interp.feed(b"\x1b@" + "回执".encode("gb18030") + b"\n")
    job = interp.end_of_stream()
    assert job is not None and not job.cut
    assert job.elements[0].text != "回执"


def test_fs_dot_leaves_chinese_mode_and_unknown_commands_are_recorded():
    interp = interpreter(chinese_default=True)
    interp.feed("回".encode("gb18030") + b"\x1c." + b"\x1b\x7f" + b"A\n")
    job = interp.end_of_stream()
    assert job.elements[0].text == "回A"
    assert job.unknown == [b"\x1b\x7f"]


def test_two_jobs_in_one_stream_split_at_the_cut():
    interp = interpreter(chinese_default=True)
    _, jobs = interp.feed(b"one\n\x1dV\x00two\n\x1dVB\x03")
    assert [job.elements[0].text for job in jobs] == ["one", "two"]
    assert jobs[1].raw == b"two\n\x1dVB\x03"
