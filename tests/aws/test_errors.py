from botocore.exceptions import ClientError

from seccheck.aws.errors import classify
from seccheck.results import Status


def err(code, message="", http=400, retries=0):
    return ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": http, "RetryAttempts": retries},
        },
        "Op",
    )


def test_denied_is_not_assessable_and_names_the_permission():
    e = classify(
        err("AccessDenied", "User is not authorized", 403),
        action="iam:GetAccountSummary",
        region="us-east-1",
    )
    assert e.status is Status.NOT_ASSESSABLE
    assert "iam:GetAccountSummary" in e.reason and "AccessDenied" in e.reason


def test_unauthorized_operation_is_not_assessable():
    e = classify(err("UnauthorizedOperation"), action="ec2:DescribeVolumes", region="eu-west-1")
    assert e.status is Status.NOT_ASSESSABLE and "ec2:DescribeVolumes" in e.reason


def test_region_not_enabled():
    e = classify(
        err("UnrecognizedClientException", "The security token is invalid"),
        action="x:Y",
        region="me-south-1",
    )
    assert e.status is Status.NOT_ASSESSABLE and "me-south-1" in e.reason


def test_throttling_is_error_never_a_verdict():
    e = classify(
        err("ThrottlingException", "Rate exceeded"), action="x:Y", region="us-east-1", attempts=6
    )
    assert e.status is Status.ERROR and "after 6 attempts" in e.reason


def test_unsupported_endpoint():
    e = classify(
        err("NotImplemented", "The sandbox does not implement", 501),
        action="fms:ListPolicies",
        region="us-east-1",
    )
    assert e.status is Status.NOT_ASSESSABLE and "does not support fms:ListPolicies" in e.reason
    e = classify(
        err("404", "Not yet implemented", 404), action="detective:ListGraphs", region="us-east-1"
    )
    assert e.status is Status.NOT_ASSESSABLE


def test_anything_else_is_error():
    e = classify(err("InternalFailure", "boom", 500), action="x:Y", region="us-east-1")
    assert e.status is Status.ERROR
    assert classify(ValueError("bad"), action="x:Y", region="r").status is Status.ERROR
