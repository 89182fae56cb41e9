"""A vocational college calls its learners นักศึกษา, a school นักเรียน, and its graduate report รบ.2,
not ปพ.3: the screens of a college's own people use the college's words everywhere.

The words come from the education type (EducationType.learner_th, screen_words). They sit in Flask-AppBuilder's
strings, in our catalogue and in Thai messages written in the code alike, so one translation
catalogue per audience would still miss most of them; instead the HTML of a page is given the
college's word as it leaves, for people whose scope is one school that teaches only education
types with another word. A school that runs both keeps นักเรียน (its screens show both kinds of
learner), and the JSON of the REST API is never touched: other programs read it.
"""

from __future__ import annotations

from flask import Flask, current_app, g

DEFAULT = "นักเรียน"


def words_of_school(school) -> list[tuple[str, str]]:
    """(word on screen, the school's word) pairs of a school that runs one education type with
    words of its own (EducationType.learner_th, screen_words); none for any other school."""
    registry = current_app.extensions["lsq"].education_types
    types = [t for t in school.education_type_list if t in registry]
    return words_of_type(types[0]) if len(types) == 1 else []


def words_of_type(identifier: str | None) -> list[tuple[str, str]]:
    """(word, this education type's word) pairs; none for a type that says นักเรียน."""
    education_type = current_app.extensions["lsq"].education_types.get(identifier) if identifier else None
    if education_type is None or education_type.learner_th == DEFAULT:
        return []
    return [(DEFAULT, education_type.learner_th), *education_type.screen_words]


def in_words(text: str, words: list[tuple[str, str]]) -> str:
    for word, theirs in words:
        text = text.replace(word, theirs)
    return text


def _words_for_current_user() -> list[tuple[str, str]]:
    user = getattr(g, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    scope = current_app.appbuilder.sm.current_scope()
    if scope.school_id is None:
        return []
    from lsq_core.extensions import db
    from lsq_core.models import School

    school = db.session.get(School, scope.school_id)
    return [] if school is None else words_of_school(school)


def init_app(app: Flask) -> None:
    @app.after_request
    def learner_words(response):
        if response.mimetype != "text/html" or response.direct_passthrough or response.status_code >= 300:
            return response
        words = _words_for_current_user()
        if words:
            original = response.get_data(as_text=True)
            body = in_words(original, words)
            if body != original:
                response.set_data(body)
        return response
