"""Who speaks when a person's apposition names a body. Sentences are our own."""

from __future__ import annotations

from tests.extract.events.texts import candidates, of_type, roles


def test_a_body_in_a_persons_apposition_does_not_speak() -> None:
    text = "Marco Rubio, the top diplomat of the United States, said the aid would keep flowing."
    statements = of_type(candidates(text), "statement")
    assert len(statements) == 1 and roles(statements[0]) == {("marco-rubio", "speaker")}
