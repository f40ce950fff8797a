from seccheck.aws.redact import REDACTED, redact


def test_secret_keys_and_env_values_are_redacted():
    data = {
        "Credentials": {
            "AccessKeyId": "ASIAEXAMPLE",
            "SecretAccessKey": "abc/def",
            "SessionToken": "tok",
        },
        "Functions": [
            {
                "FunctionName": "f",
                "Environment": {"Variables": {"DB_PASSWORD": "hunter2", "STAGE": "prod"}},
            }
        ],
        "UserData": "ZXhwb3J0IFBBU1M9c2VjcmV0",
        "Certificate": "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
        "Tags": [{"Key": "owner", "Value": "alice"}],
        "NextToken": "page-2",
    }
    out = redact(data)
    assert out["Credentials"] == {
        "AccessKeyId": "ASIAEXAMPLE",
        "SecretAccessKey": REDACTED,
        "SessionToken": REDACTED,
    }
    assert out["Functions"][0]["Environment"]["Variables"] == {
        "DB_PASSWORD": REDACTED,
        "STAGE": REDACTED,
    }
    assert out["UserData"] == REDACTED
    assert out["Certificate"] == REDACTED
    assert out["Tags"] == [{"Key": "owner", "Value": "alice"}]
    assert out["NextToken"] == "page-2"
    assert data["Credentials"]["SecretAccessKey"] == "abc/def", "redact must not mutate its input"


# --- secrets found by value (detect-secrets) --------------------------------------------------

import pytest  # noqa: E402

from seccheck.aws.redact import redact_text, secret_kinds, unredacted  # noqa: E402
from seccheck.sandbox.estate._acme import FAKE_KEY_ID, FAKE_SECRET_KEY, LEAKY_TAGS  # noqa: E402


@pytest.mark.parametrize(("name", "value"), sorted(LEAKY_TAGS.items()))
def test_each_crafted_tag_variant_is_redacted_by_value(name, value):
    as_list = redact({"Tags": [{"Key": name, "Value": value}, {"Key": "team", "Value": "ops"}]})
    assert as_list["Tags"] == [
        {"Key": name, "Value": REDACTED}, {"Key": "team", "Value": "ops"}
    ]
    as_map = redact({"Tags": {name: value, "team": "ops"}})
    assert as_map["Tags"] == {name: REDACTED, "team": "ops"}
    assert unredacted({"Tags": [{"Key": name, "Value": value}]}) != []


def test_at_least_nine_variants_and_found_by_value_not_by_a_list_of_names():
    assert len(LEAKY_TAGS) >= 9
    # Shape detectors need no name at all: the value alone gives it away.
    by_shape = [v for v in LEAKY_TAGS.values() if secret_kinds(v, True)]
    assert len(by_shape) >= 9


def test_structured_aws_settings_are_not_mistaken_for_secrets():
    settings = {
        "PasswordPolicy": {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24},
        "PasswordLastUsed": "2026-01-01T00:00:00Z",
        "AccessKeyMetadata": [{"AccessKeyId": FAKE_KEY_ID, "Status": "Active"}],
        "SecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
        "KmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
        "Tags": [{"Key": "Name", "Value": "acme-prod-web-01"}, {"Key": "Owner", "Value": "acme"}],
    }
    assert redact(settings) == settings
    assert unredacted(settings) == []


def test_secret_values_in_free_text_are_cut_out():
    reason = f"tag owner-note holds {FAKE_KEY_ID} {FAKE_SECRET_KEY} (remove it)"
    cleaned = redact_text(reason)
    assert FAKE_SECRET_KEY not in cleaned and FAKE_KEY_ID not in cleaned
    assert cleaned.startswith("tag owner-note holds") and "(remove it)" in cleaned
    assert redact_text("bucket acme-logs has no versioning") == "bucket acme-logs has no versioning"


def test_reasons_naming_secrets_manager_actions_and_facts_stay_readable():
    # Issue 10 item 7: a denial names the IAM action. `secretsmanager:ListSecrets` and the fact
    # name `secretsmanager.secrets:` look like a secret-named key with a value to the keyword
    # detector, which used to replace the whole reason with the marker.
    reason = ("could not collect secretsmanager.secrets: access denied: the scanning identity "
              "needs secretsmanager:ListSecrets")
    assert redact_text(reason) == reason
    assert redact_text("secretsmanager:GetResourcePolicy was denied") == (
        "secretsmanager:GetResourcePolicy was denied")
    # Only those exact names are spared: a value in the same text is still cut out.
    leaked = redact_text(f"needs secretsmanager:ListSecrets; db_password: {FAKE_SECRET_KEY}")
    assert leaked.startswith("needs secretsmanager:ListSecrets;") and FAKE_SECRET_KEY not in leaked
    assert redact_text("secretsmanager:Hunter2Hunter2") == "secretsmanager:***REDACTED***"
