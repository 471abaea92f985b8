# The portal's commands. `make help` lists them; the scripts in scripts/ do the work.
.DEFAULT_GOAL := help
.PHONY: help setup run test test-faults bench profile dev db-start db-stop cluster cluster-stop cluster-status

help: ## list the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## install what is missing (toolchain, cargo-leptos, Chromium, PostgreSQL, npm packages)
	@scripts/setup

run: ## build in release mode and serve the portal at http://127.0.0.1:3000 (SITE_ADDR)
	@scripts/run

test: ## every test: unit, integration (real PostgreSQL), Playwright (Chromium) through nginx, fault drills
	@scripts/test

test-faults: ## the fault drills alone: kill -9, SIGTERM, PostgreSQL restarted, object store down
	@scripts/faults

cluster: ## build and serve at http://127.0.0.1:3000 by nginx in front of two processes (CLUSTER_PORT)
	@scripts/cluster start

cluster-stop: ## stop what `make cluster` started
	@scripts/cluster stop

cluster-status: ## what of the cluster runs and answers
	@scripts/cluster status

bench: ## measure the portal against its yardsticks (release build; report in target/bench/)
	@scripts/bench

profile: ## where the collaborators page's CPU goes (PROFILE_TARGET=list: the list's; perf, flame graph in target/bench/profile)
	@scripts/profile

dev: ## rebuild and reload on every change (cargo leptos watch)
	@scripts/run --watch

db-start: ## start the private PostgreSQL cluster (.data/postgres, port PG_PORT=5433)
	@scripts/db start

db-stop: ## stop the private PostgreSQL cluster
	@scripts/db stop
