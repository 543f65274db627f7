"""Settings: defaults, file, environment wins, one-line errors."""

from __future__ import annotations

import pytest

from newsmon.errors import ConfigError
from newsmon.schema_files import check_schemas
from newsmon.settings import load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for key in list(__import__("os").environ):
        if key.startswith("NEWSMON_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def test_defaults():
    settings = load_settings()
    assert settings.kafka_bootstrap == "127.0.0.1:9092"
    assert settings.topic_raw == "newsmon.articles.raw" and settings.article_partitions == 6


def test_environment_wins_over_the_settings_file(monkeypatch, tmp_path):
    (tmp_path / "newsmon.toml").write_text('kafka_bootstrap = "127.0.0.1:1111"\ntopic_raw = "from.file"\n')
    monkeypatch.setenv("NEWSMON_KAFKA_BOOTSTRAP", "127.0.0.1:2222")
    settings = load_settings()
    assert settings.kafka_bootstrap == "127.0.0.1:2222"
    assert settings.topic_raw == "from.file"


def test_a_bad_value_names_the_setting(monkeypatch):
    monkeypatch.setenv("NEWSMON_ARTICLE_PARTITIONS", "zero")
    with pytest.raises(ConfigError, match="NEWSMON_ARTICLE_PARTITIONS"):
        load_settings()


def test_a_missing_named_settings_file_is_a_config_error(monkeypatch):
    monkeypatch.setenv("NEWSMON_CONFIG", "/nonexistent/newsmon.toml")
    with pytest.raises(ConfigError, match="NEWSMON_CONFIG"):
        load_settings()


def test_committed_json_schemas_match_the_models():
    assert check_schemas() == []
