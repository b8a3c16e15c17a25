"""Pinyin through librime (Debian ``librime1``) with the luna-pinyin schema
(``rime-data-luna-pinyin``), by ctypes on the C API in rime_api.h (``rime_get_api``).

librime keeps one runtime per process: the first engine set up deploys the schema into its user
data folder (the compiled prism and table; seconds on first run, a check afterwards) and every
later engine shares it. Learning is switched off: on a shared kiosk a word one citizen typed must
not rise in the next citizen's candidates.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import re
import threading
import time
from pathlib import Path
from typing import Sequence

from ime.base import Composition, InputError, InputUnavailable, PinyinMethod

log = logging.getLogger(__name__)

SHARED_DATA = "/usr/share/rime-data"
SCHEMA = "luna_pinyin_simp"       # luna pinyin with simplified-character output
MAX_KEYS = 60                     # a long phrase; more is a runaway finger, not a word
KEYS = re.compile(r"[a-z']*")

_Bool = ctypes.c_int
_Session = ctypes.c_size_t       # RimeSessionId is uintptr_t


class _Traits(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int), ("shared_data_dir", ctypes.c_char_p),
                ("user_data_dir", ctypes.c_char_p), ("distribution_name", ctypes.c_char_p),
                ("distribution_code_name", ctypes.c_char_p), ("distribution_version", ctypes.c_char_p),
                ("app_name", ctypes.c_char_p), ("modules", ctypes.c_void_p), ("min_log_level", ctypes.c_int),
                ("log_dir", ctypes.c_char_p), ("prebuilt_data_dir", ctypes.c_char_p),
                ("staging_dir", ctypes.c_char_p)]


class _Candidate(ctypes.Structure):
    _fields_ = [("text", ctypes.c_char_p), ("comment", ctypes.c_char_p), ("reserved", ctypes.c_void_p)]


class _Composition(ctypes.Structure):
    _fields_ = [("length", ctypes.c_int), ("cursor_pos", ctypes.c_int), ("sel_start", ctypes.c_int),
                ("sel_end", ctypes.c_int), ("preedit", ctypes.c_char_p)]


class _Menu(ctypes.Structure):
    _fields_ = [("page_size", ctypes.c_int), ("page_no", ctypes.c_int), ("is_last_page", _Bool),
                ("highlighted_candidate_index", ctypes.c_int), ("num_candidates", ctypes.c_int),
                ("candidates", ctypes.POINTER(_Candidate)), ("select_keys", ctypes.c_char_p)]


class _Context(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int), ("composition", _Composition), ("menu", _Menu),
                ("commit_text_preview", ctypes.c_char_p), ("select_labels", ctypes.c_void_p)]


class _Commit(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int), ("text", ctypes.c_char_p)]


class _Iterator(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("index", ctypes.c_int), ("candidate", _Candidate)]


def _init(struct):
    """RIME_STRUCT_INIT: data_size is the size of what follows it."""
    struct.data_size = ctypes.sizeof(struct) - ctypes.sizeof(ctypes.c_int)
    return struct


# The RimeApi struct of librime 1.8, in header order; the members used here have their types.
_P = ctypes.POINTER
_USED = {
    "setup": (None, _P(_Traits)),
    "set_notification_handler": (None, ctypes.c_void_p, ctypes.c_void_p),
    "initialize": (None, _P(_Traits)),
    "start_maintenance": (_Bool, _Bool),
    "join_maintenance_thread": (None,),
    "create_session": (_Session,),
    "clear_composition": (None, _Session),
    "get_commit": (_Bool, _Session, _P(_Commit)),
    "free_commit": (_Bool, _P(_Commit)),
    "get_context": (_Bool, _Session, _P(_Context)),
    "free_context": (_Bool, _P(_Context)),
    "select_schema": (_Bool, _Session, ctypes.c_char_p),
    "simulate_key_sequence": (_Bool, _Session, ctypes.c_char_p),
    "select_candidate": (_Bool, _Session, ctypes.c_size_t),
    "get_version": (ctypes.c_char_p,),
    "candidate_list_next": (_Bool, _P(_Iterator)),
    "candidate_list_end": (None, _P(_Iterator)),
    "candidate_list_from_index": (_Bool, _Session, _P(_Iterator), ctypes.c_int),
}
_MEMBERS = (
    "setup set_notification_handler initialize finalize start_maintenance is_maintenance_mode "
    "join_maintenance_thread deployer_initialize prebuild deploy deploy_schema deploy_config_file "
    "sync_user_data create_session find_session destroy_session cleanup_stale_sessions "
    "cleanup_all_sessions process_key commit_composition clear_composition get_commit free_commit "
    "get_context free_context get_status free_status set_option get_option set_property get_property "
    "get_schema_list free_schema_list get_current_schema select_schema schema_open config_open "
    "config_close config_get_bool config_get_int config_get_double config_get_string config_get_cstring "
    "config_update_signature config_begin_map config_next config_end simulate_key_sequence "
    "register_module find_module run_task get_shared_data_dir get_user_data_dir get_sync_dir get_user_id "
    "get_user_data_sync_dir config_init config_load_string config_set_bool config_set_int "
    "config_set_double config_set_string config_get_item config_set_item config_clear config_create_list "
    "config_create_map config_list_size config_begin_list get_input get_caret_pos select_candidate "
    "get_version set_caret_pos select_candidate_on_current_page candidate_list_begin candidate_list_next "
    "candidate_list_end user_config_open candidate_list_from_index").split()


class _Api(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int)] + [
        (name, ctypes.CFUNCTYPE(*_USED[name]) if name in _USED else ctypes.c_void_p) for name in _MEMBERS]


# Patches written into the user folder: only this schema is deployed, and it does not learn
# (privacy: what one citizen typed must not rank higher for the next).
_CUSTOM = {
    "default.custom.yaml": "patch:\n  schema_list:\n    - schema: %s\n" % SCHEMA,
    f"{SCHEMA}.custom.yaml": "patch:\n  translator/enable_user_dict: false\n",
}

_runtime_lock = threading.Lock()
_runtime: dict = {}


def _runtime_api(user_dir: Path, shared_dir: str):
    """Set up librime once per process and deploy the schema; returns (api, seconds deploying)."""
    with _runtime_lock:
        if _runtime:
            if _runtime["user_dir"] != user_dir:
                log.debug("librime already runs from %s; %s is not used", _runtime["user_dir"], user_dir)
            return _runtime["api"], _runtime["deploy_seconds"]
        name = ctypes.util.find_library("rime") or "librime.so.1"
        try:
            lib = ctypes.CDLL(name)
        except OSError as exc:
            raise InputUnavailable(f"librime not installed (Debian librime1): {exc}") from None
        if not Path(shared_dir, f"{SCHEMA}.schema.yaml").exists():
            raise InputUnavailable(f"no {SCHEMA} schema in {shared_dir} (Debian rime-data-luna-pinyin)")
        lib.rime_get_api.restype = _P(_Api)
        api = lib.rime_get_api().contents
        user_dir.mkdir(parents=True, exist_ok=True)
        for file, text in _CUSTOM.items():
            (user_dir / file).write_text(text, encoding="utf-8")
        strings = [s.encode() for s in (shared_dir, str(user_dir), "govkiosk", "rime.govkiosk",
                                        str(Path(shared_dir, "build")))]
        traits = _init(_Traits(shared_data_dir=strings[0], user_data_dir=strings[1],
                               distribution_name=strings[2], distribution_code_name=strings[2],
                               distribution_version=b"1", app_name=strings[3], min_log_level=2,
                               log_dir=b"", prebuilt_data_dir=strings[4]))
        started = time.perf_counter()
        api.setup(ctypes.byref(traits))
        api.initialize(ctypes.byref(traits))
        if api.start_maintenance(0):          # builds what changed into <user_dir>/build
            api.join_maintenance_thread()
        seconds = time.perf_counter() - started
        log.info("librime %s deployed %s in %.2f s", api.get_version().decode(), SCHEMA, seconds)
        _runtime.update(api=api, user_dir=user_dir, deploy_seconds=seconds, keep=(lib, traits, strings))
        return api, seconds


class RimePinyin(PinyinMethod):
    """Luna pinyin, simplified characters; whole words and phrases first, single characters after."""

    def __init__(self, user_dir: str, shared_dir: str = SHARED_DATA):
        self._api, self.deploy_seconds = _runtime_api(Path(user_dir), shared_dir)
        self.user_dir = _runtime["user_dir"]
        self._lock = threading.Lock()
        self._session = self._api.create_session()
        if not self._session or not self._api.select_schema(self._session, SCHEMA.encode()):
            raise InputUnavailable(f"librime could not open the {SCHEMA} schema")

    def compose(self, keys: str, picks: Sequence[int] = (), page: int = 0, page_size: int = 8) -> Composition:
        if len(keys) > MAX_KEYS or not KEYS.fullmatch(keys):
            raise InputError("pinyin keys are the letters a–z and ' (at most %d)" % MAX_KEYS)
        if page < 0 or not 1 <= page_size <= 50:
            raise InputError("page must be ≥ 0 and page_size 1–50")
        api, session = self._api, self._session
        with self._lock:
            api.clear_composition(session)
            self._drop_commit()
            if keys and not api.simulate_key_sequence(session, keys.encode()):
                raise InputError("librime did not take the keys")
            for index in picks:
                if index < 0 or not api.select_candidate(session, index):
                    raise InputError(f"no candidate {index} to pick")
            committed = self._drop_commit()
            if committed is not None:
                return Composition((), commit=committed)
            return Composition(*self._page(page, page_size), preedit=self._preedit())

    def _page(self, page: int, size: int) -> tuple[tuple[str, ...], int, bool]:
        api, texts = self._api, []
        it = _Iterator()
        if api.candidate_list_from_index(self._session, ctypes.byref(it), page * size):
            while len(texts) <= size and api.candidate_list_next(ctypes.byref(it)):
                texts.append(it.candidate.text.decode())
            api.candidate_list_end(ctypes.byref(it))
        return tuple(texts[:size]), page, len(texts) > size

    def _preedit(self) -> str:
        context = _init(_Context())
        if not self._api.get_context(self._session, ctypes.byref(context)):
            return ""
        try:
            return (context.composition.preedit or b"").decode()
        finally:
            self._api.free_context(ctypes.byref(context))

    def _drop_commit(self) -> str | None:
        commit = _init(_Commit())
        if not self._api.get_commit(self._session, ctypes.byref(commit)):
            return None
        try:
            return commit.text.decode()
        finally:
            self._api.free_commit(ctypes.byref(commit))
