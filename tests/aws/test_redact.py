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
