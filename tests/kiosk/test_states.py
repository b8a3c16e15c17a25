import pytest

from kiosk.domain import states


def test_happy_path_is_allowed():
    path = [states.DRAFT, states.IDENTIFIED, states.CAPTURED, states.PREREVIEWED, states.SUBMITTED,
            states.WAITING_STAFF, states.APPROVED, states.COMPLETED]
    for current, target in zip(path, path[1:]):
        states.check(current, target)


@pytest.mark.parametrize("current,target", [
    (states.DRAFT, states.SUBMITTED),          # no skipping identification and pre-review
    (states.IDENTIFIED, states.SUBMITTED),
    (states.SUBMITTED, states.PREREVIEWED),     # a submitted case is not edited again
    (states.REJECTED, states.APPROVED),         # final states stay final
    (states.APPROVED, states.REJECTED),
])
def test_forbidden_transitions_raise(current, target):
    with pytest.raises(states.TransitionError) as err:
        states.check(current, target)
    assert err.value.current == current and err.value.target == target


def test_final_states_have_no_way_out():
    assert states.FINAL == {states.REJECTED, states.COMPLETED, states.TERMINATED}
    assert not states.UNSUBMITTED & states.NEEDS_STAFF
