"""A vocational college calls its learners นักศึกษา, a school นักเรียน: the screens of a college's own
people say นักศึกษา everywhere.

The word comes from the education type (EducationType.learner_th). It sits in Flask-AppBuilder's
strings, in our catalogue and in Thai messages written in the code alike, so one translation
catalogue per audience would still miss most of them; instead the HTML of a page is given the
college's word as it leaves, for people whose scope is one school that teaches only education
types with another word. A school that runs both keeps นักเรียน (its screens show both kinds of
learner), and the JSON of the REST API is never touched: other programs read it.
"""

from __future__ import annotations

from flask import Flask, current_app, g

DEFAULT = "นักเรียน"


def learner_word_of_school(school) -> str:
    """The word for a school's learners: its education types' word when they all share one."""
    types = current_app.extensions["lsq"].education_types
    words = {types[t].learner_th for t in school.education_type_list if t in types}
    return words.pop() if len(words) == 1 else DEFAULT


def _word_for_current_user() -> str:
    user = getattr(g, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return DEFAULT
    scope = current_app.appbuilder.sm.current_scope()
    if scope.school_id is None:
        return DEFAULT
    from lsq_core.extensions import db
    from lsq_core.models import School

    school = db.session.get(School, scope.school_id)
    return DEFAULT if school is None else learner_word_of_school(school)


def init_app(app: Flask) -> None:
    @app.after_request
    def learner_words(response):
        if response.mimetype != "text/html" or response.direct_passthrough or response.status_code >= 300:
            return response
        word = _word_for_current_user()
        if word != DEFAULT:
            body = response.get_data(as_text=True)
            if DEFAULT in body:
                response.set_data(body.replace(DEFAULT, word))
        return response
