"""Settings from the environment (and `.env`), prefix `OPENNEM_`."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOCAL_ORIGINS = r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OPENNEM_", env_file=".env", extra="ignore")

    database_url: str = "duckdb:///data/opennem.duckdb"
    redis_url: str | None = None
    nemweb_url: str = "https://nemweb.com.au"
    registry_url: str = (
        "https://www.aemo.com.au/-/media/files/electricity/nem/participant_information/"
        "nem-registration-and-exemption-list.xlsx"
    )
    wem_url: str = "https://data.wa.aemo.com.au"
    bom_url: str = "http://www.bom.gov.au"
    apvi_url: str = "https://pv-map.apvi.org.au"
    user_agent: str = "opennem-platform/0.1 (+https://github.com/opennem)"
    http_timeout_s: float = 30.0
    http_retries: int = 4
    # The CPU priority (Unix niceness) `opennem worker` runs the flows at: the API gets the CPU
    # first while a cycle builds (flows/worker.py); 0 gives them an equal share
    flow_niceness: int = 10
    # ... and under Linux's SCHED_IDLE policy: they run only on CPU no other process of their
    # scheduling group wants (a session or a cgroup: docs/operators.md)
    flow_sched_idle: bool = True
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    # API protection (api/protection.py): keys, plans, rate limits; off only for tests
    api_protection: bool = True
    keys_path: Path = Path("data/api_keys.sqlite")
    api_plans: dict[str, dict[str, Any]] = {}  # JSON: plan name -> fields overriding the table
    api_anonymous_plan: str = "community"
    api_page_plan: str = "page"  # same-origin browser requests (the API's page); "" = anonymous
    cors_origins: list[str] = []  # JSON list of extra allowed origins
    cors_origin_regex: str = LOCAL_ORIGINS


@lru_cache
def get_settings() -> Settings:
    return Settings()
