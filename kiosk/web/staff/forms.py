"""The desk's forms: every one carries a CSRF token (Flask-WTF)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from kiosk.services.ratings import LEVELS, MAX_COMMENT, REASONS


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(max=256)])


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("理由（驳回或要求补正时必填）"), validators=[Length(max=2000)])
    deadline = DateField(_l("补正期限（要求补正时必填）"), validators=[Optional()])


class ActionForm(FlaskForm):
    """A button that changes something and needs nothing but the CSRF token (take over, hand back)."""


class SamplingForm(FlaskForm):
    reason = TextAreaField(_l("撤销理由（撤销时必填）"), validators=[Length(max=2000)])


class RatingForm(FlaskForm):
    level = RadioField(_l("您对本次服务的评价"), coerce=int, choices=[SelectChoice(lv, str(lv)) for lv in LEVELS],
                       validators=[DataRequired()])
    reasons = SelectMultipleField(_l("原因（可多选）"), choices=[SelectChoice(r, r) for r in REASONS],
                                  option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    comment = TextAreaField(_l("其他意见（选填）"), validators=[Length(max=MAX_COMMENT)])
