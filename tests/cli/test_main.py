import pytest

from cli.main import build_parser, dbt_command, main


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["transform"], ["build"]),
        (
            ["transform", "--select", "fct_market_summary+"],
            ["build", "--select", "fct_market_summary+"],
        ),
        (["transform", "build", "--full-refresh"], ["build", "--full-refresh"]),
        (["transform", "docs", "generate"], ["docs", "generate"]),
    ],
)
def test_transform_passes_dbt_arguments_through(argv: list[str], expected: list[str]) -> None:
    _, extra = build_parser().parse_known_args(argv)

    assert dbt_command(extra) == expected


def test_other_commands_reject_unknown_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["api", "--select", "x"])

    assert exited.value.code == 2
    assert "unrecognized arguments: --select x" in capsys.readouterr().err
