"""Results tables: worst first, passes folded, long tables capped, remediation beside failures."""

from __future__ import annotations

from html.parser import HTMLParser

from seccheck.checklist import load_checklist
from seccheck.results import CheckResult, Status
from seccheck.tables import remedies, results_table, short_resource

ARN = "arn:aws:s3:::acme-logs-bucket"
ROLE = "arn:aws:iam::123456789012:role/service-role/deploy"


def result(check_id: str, status: Status, resource: str = ARN, n: int = 0) -> CheckResult:
    return CheckResult(
        check_id,
        check_id[:6],
        "123456789012",
        "us-east-1",
        f"{resource}{n or ''}",
        status,
        "why",
        "high",
        "s3",
    )


class Rows(HTMLParser):
    """The table as a reader sees it: each row's status, and which folds start open."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.open_folds: list[str] = []
        self.folds: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-status" in a:
            self.rows.append(a["data-status"])
        if tag == "details" and "data-status" in a:
            self.folds.append(a["data-status"])
            if "open" in a:
                self.open_folds.append(a["data-status"])


def parse(html: str) -> Rows:
    p = Rows()
    p.feed(html)
    return p


def test_failures_come_first_and_passes_are_folded():
    results = [result("S3-01-C01", Status.PASS, n=i) for i in range(3)]
    results += [result("S3-01-C02", Status.FAIL), result("S3-01-C03", Status.ERROR)]
    seen = parse(results_table(results))
    assert seen.rows == ["FAIL", "ERROR", "PASS", "PASS", "PASS"]
    assert seen.folds == ["FAIL", "ERROR", "PASS"]
    assert "PASS" not in seen.open_folds and "FAIL" in seen.open_folds
    assert "3 row(s)" in results_table(results)


def test_a_long_table_is_capped_and_says_how_many_are_hidden():
    results = [result("S3-01-C01", Status.PASS, n=i) for i in range(350)]
    html = results_table(results, max_rows=60)
    assert parse(html).rows.count("PASS") == 60
    assert "290 more PASS row(s)" in html and "350 row(s)" in html


def test_resources_show_a_short_name_with_the_full_arn_on_hover_and_copy():
    assert short_resource(ROLE) == "deploy"
    assert short_resource(ARN) == "acme-logs-bucket"
    assert short_resource("123456789012") == "123456789012"
    html = results_table([result("IAM-02-C01", Status.FAIL, ROLE)])
    assert f'title="{ROLE}"' in html and f'data-arn="{ROLE}"' in html
    assert ">deploy</code>" in html
    assert '<code style="white-space:nowrap">IAM-02-C01</code>' in html


def test_each_failing_check_shows_its_remediation_and_aws_docs_once():
    cl = load_checklist()
    fixes = remedies(cl)
    spec = cl.check("IAM-01-C01")
    results = [result("IAM-01-C01", Status.FAIL, n=i) for i in range(2)]
    results.append(result("IAM-01-C02", Status.PASS))
    html = results_table(results, fixes=fixes)
    assert html.count('class="jp-Seccheck-remedy"') == 1
    assert " ".join(spec.remediation.split())[:60] in html
    assert 'href="https://docs.aws.amazon.com/' in html
    assert 'data-check-id="IAM-01-C02"' not in html  # it passed: nothing to fix


def test_every_check_has_remediation_text_and_most_have_an_aws_docs_link():
    fixes = remedies(load_checklist())
    assert all(f.text for f in fixes.values())
    linked = [f for f in fixes.values() if f.links]
    assert len(linked) >= 0.9 * len(fixes), [c for c, f in fixes.items() if not f.links]
    assert all(url.startswith("https://") for f in linked for _, url in f.links)
