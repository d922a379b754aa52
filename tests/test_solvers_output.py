"""HiGHS through :mod:`psephos.solvers`: what the solver library prints never reaches stdout."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from psephos.solvers import linprog, milp, solver_output_silenced

SOURCE = Path(__file__).resolve().parents[1] / "src"


def _c_printf(text: str) -> None:
    """Print as the HiGHS library's debugging lines are printed: C ``printf``, buffered."""
    ctypes.CDLL(None).printf(text.encode())


@pytest.mark.skipif(sys.platform == "win32", reason="C printf through ctypes.CDLL(None)")
def test_library_output_is_silenced_and_stdout_comes_back(capfd: pytest.CaptureFixture[str]):
    print("before", flush=True)
    with solver_output_silenced():
        _c_printf("HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();\n")
        os.write(1, b"written to descriptor 1\n")
        with solver_output_silenced():  # nested (a solve inside a solve) shares the redirect
            _c_printf("inner\n")
        _c_printf("after the inner block\n")
    print("after", flush=True)
    os.write(1, b"descriptor 1 again\n")
    captured = capfd.readouterr()
    assert captured.out == "before\nafter\ndescriptor 1 again\n"


def test_the_wrappers_solve_as_scipy_does():
    # min -x - y, x + y <= 1.5, x, y in {0, 1}: one of them; as an LP x + y = 1.5.
    integer = milp(
        np.array([-1.0, -1.0]),
        constraints=[(np.array([[1.0, 1.0]]), -np.inf, 1.5)],
        integrality=np.ones(2),
        bounds=(0, 1),
    )
    assert integer.status == 0 and integer.fun == pytest.approx(-1.0)
    relaxed = linprog(
        np.array([-1.0, -1.0]), A_ub=[[1.0, 1.0]], b_ub=[1.5], bounds=(0, 1), method="highs"
    )
    assert relaxed.status == 0 and relaxed.fun == pytest.approx(-1.5)


@pytest.mark.slow
def test_majority_optimiser_json_on_stdout_parses(tmp_path: Path):
    """The tester's run: HiGHS's MIP solver printed a debugging line on stdout above the JSON."""
    command = [
        sys.executable,
        "-m",
        "psephos",
        "pact",
        "2024",
        "--bloc",
        "Lab,LD,Green",
        "--poll",
        "Reform 29 Lab 24 Con 17 LD 14 Green 10",
        "--sims",
        "200",
        "--seed",
        "2",
        "--optimise",
        "--objective",
        "majority",
        "--max-per-party",
        "5",
        "-f",
        "json",
    ]
    environment = {**os.environ, "PYTHONPATH": str(SOURCE), "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        command, capture_output=True, text=True, check=False, env=environment, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "Highs" not in run.stdout
    assert json.loads(run.stdout)["objective"] == "majority"
