"""FastAPI dependencies: the store, the settings and the query runner live on ``app.state``.

Routes ask for them with ``StoreDep``/``SettingsDep``/``RunnerDep``; tests swap the store with
``app.dependency_overrides[get_store]`` (or pass one to :func:`api.main.create_app`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.runner import QueryRunner
from api.settings import ApiSettings
from bwgraph.store import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


def get_runner(request: Request) -> QueryRunner:
    runner: QueryRunner = request.app.state.runner
    return runner


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
