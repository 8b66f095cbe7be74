"""The base of every API model: its validation schema is built at first use, not at import,
so indexing the function app (the cold start) does not pay for every model of every area."""

from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    model_config = ConfigDict(defer_build=True)
