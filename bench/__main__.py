"""`make bench`: every benchmark, each printed as a ratio to a baseline measured in the same run."""

from bench import attack_bench, lambda_bench, runner_bench, skill_bench, web_bench

if __name__ == "__main__":
    skill_bench.run()
    lambda_bench.run()
    runner_bench.run()
    web_bench.run()
    attack_bench.run()
