"""GB 11643 ID numbers: check character, birth date, gender, age."""
from __future__ import annotations

from datetime import date

import pytest

from services.common import idcard


def test_known_check_characters():
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.make("420106", date(1948, 3, 15), 123) == "420106194803151233"


@pytest.mark.parametrize("bad", ["", "1234", "42010619480315123A", "420106194803151234", "4201061948031512330"])
def test_rejects_bad_numbers(bad):
    with pytest.raises(idcard.IdNumberError):
        idcard.birth_date(bad)


def test_lower_case_x_and_gender():
    number = "11010519491231002x"
    assert idcard.birth_date(number) == date(1949, 12, 31)
    assert idcard.gender(idcard.normalize(number)) == "女"


def test_age_counts_birthdays():
    born = date(1960, 6, 2)
    assert idcard.age_on(born, date(2020, 6, 1)) == 59
    assert idcard.age_on(born, date(2020, 6, 2)) == 60
