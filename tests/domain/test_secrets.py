"""Secret links and join codes."""
from app.domain import secrets


def test_secret_has_at_least_128_bits():
    secret = secrets.new_secret()
    assert len(secret) * 6 >= 160
    assert secrets.new_secret() != secret


def test_digest_matches_only_the_same_secret():
    secret = secrets.new_secret()
    stored = secrets.digest(secret)
    assert secret not in stored
    assert secrets.matches(secret, stored)
    assert not secrets.matches(secret + "x", stored)


def test_derived_secret_is_stable_and_distinct():
    secret = secrets.new_secret()
    derived = secrets.derive(secret, "projector")
    assert derived == secrets.derive(secret, "projector")
    assert derived != secret
    assert derived != secrets.derive(secrets.new_secret(), "projector")
    assert len(derived) * 6 >= 128


def test_join_codes_use_only_unambiguous_characters():
    for _ in range(200):
        code = secrets.new_join_code()
        assert len(code) == secrets.JOIN_CODE_LENGTH
        assert not set(code) & set("0O1IL5S2Z8BQ")


def test_typed_codes_are_forgiving_about_case_spaces_and_dashes():
    code = "K7MR4X"
    assert secrets.parse_join_code(" k7m-r4x ") == code
    assert secrets.parse_join_code("K7M R4X") == code
    assert secrets.format_join_code(code) == "K7M-R4X"


def test_impossible_codes_are_refused():
    for raw in ["", "K7M", "K7MR4XX", "K7MR4O", None, 12345678, "ÆØÅÆØÅ"]:
        assert secrets.parse_join_code(raw) is None
