"""Secrets Manager: secrets (with generated passwords) and their attachment to a database."""

from __future__ import annotations

import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.rds.models import rds_backends
from moto.secretsmanager.models import secretsmanager_backends

from hastack.deploy.local.compat._base import WrappedResource, ref_name, tags_list, to_bool, to_int


def _backend(account_id: str, region_name: str) -> Any:
    return secretsmanager_backends[account_id][region_name]


def _generated_string(backend: Any, spec: dict[str, Any]) -> str:
    password = backend.get_random_password(
        password_length=to_int(spec.get("PasswordLength", 32)),
        exclude_characters=spec.get("ExcludeCharacters", ""),
        exclude_numbers=bool(to_bool(spec.get("ExcludeNumbers", False))),
        exclude_punctuation=bool(to_bool(spec.get("ExcludePunctuation", False))),
        exclude_uppercase=bool(to_bool(spec.get("ExcludeUppercase", False))),
        exclude_lowercase=bool(to_bool(spec.get("ExcludeLowercase", False))),
        include_space=bool(to_bool(spec.get("IncludeSpace", False))),
        require_each_included_type=bool(to_bool(spec.get("RequireEachIncludedType", True))),
    )
    password = json.loads(password)["RandomPassword"] if password.startswith("{") else password
    template = spec.get("SecretStringTemplate")
    key = spec.get("GenerateStringKey")
    if template and key:
        document = json.loads(template)
        document[key] = password
        return json.dumps(document)
    return password


class SecretHandler(WrappedResource, CloudFormationModel):
    """``AWS::SecretsManager::Secret`` via ``create_secret``; ``Ref`` is the ARN, as in AWS.

    ``GenerateSecretString`` is honoured (template + generated key), so a database's
    ``{{resolve:secretsmanager:...}}`` reference and ``get_secret_value`` see the same password.
    """

    CFN_TYPE = "AWS::SecretsManager::Secret"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = {"Id": lambda self: self.resource.arn}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> SecretHandler:
        backend = _backend(account_id, region_name)
        secret_string = properties.get("SecretString")
        if secret_string is None and properties.get("GenerateSecretString") is not None:
            secret_string = _generated_string(backend, properties["GenerateSecretString"])
        backend.create_secret(
            name=name,
            secret_string=secret_string,
            secret_binary=None,
            description=properties.get("Description"),
            tags=tags_list(properties.get("Tags")),
            kms_key_id=ref_name(properties.get("KmsKeyId")),
            client_request_token=None,
            replica_regions=properties.get("ReplicaRegions") or [],
            force_overwrite=False,
        )
        return cls(backend.secrets[name], account_id, region_name, properties)

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> SecretHandler:
        if properties.get("Name") not in (None, original.resource.name):
            return super().update(original, new_name, properties, account_id, region_name)
        backend = _backend(account_id, region_name)
        secret_string = properties.get("SecretString")
        if secret_string is None and properties.get("GenerateSecretString") != (
            original.properties.get("GenerateSecretString")
        ):
            secret_string = _generated_string(backend, properties["GenerateSecretString"])
        backend.update_secret(
            secret_id=original.resource.arn,
            secret_string=secret_string,
            description=properties.get("Description"),
            kms_key_id=ref_name(properties.get("KmsKeyId")),
        )
        return cls(original.resource, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.arn

    def delete_resource(self) -> None:
        backend = _backend(self.account_id, self.region_name)
        if backend.secrets.get(self.resource.arn) is not None:
            backend.delete_secret(
                self.resource.arn,
                recovery_window_in_days=None,
                force_delete_without_recovery=True,
            )


class SecretTargetAttachmentHandler(WrappedResource, CloudFormationModel):
    """``AWS::SecretsManager::SecretTargetAttachment``: adds engine, host, port and identifier
    of the database to the secret's JSON, as AWS does, through ``put_secret_value``."""

    CFN_TYPE = "AWS::SecretsManager::SecretTargetAttachment"
    ATTRIBUTES: dict = {}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> SecretTargetAttachmentHandler:
        backend = _backend(account_id, region_name)
        secret_id = str(ref_name(properties["SecretId"]))
        target_id = str(ref_name(properties["TargetId"]))
        details = _target_details(
            target_id, properties.get("TargetType", ""), account_id, region_name
        )
        secret = backend.secrets[secret_id]
        current = backend.get_secret_value(secret_id, version_id=None, version_stage=None)
        document = json.loads(current.get("SecretString") or "{}")
        document.update(details)
        backend.put_secret_value(
            secret_id=secret.arn,
            secret_string=json.dumps(document),
            secret_binary=None,
            client_request_token=None,
            version_stages=["AWSCURRENT"],
        )
        return cls(secret, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.arn

    def delete_resource(self) -> None:
        """Detaching leaves the secret's JSON as it is, as AWS does."""


def _target_details(target_id: str, target_type: str, account_id: str, region: str) -> dict:
    backend = rds_backends[account_id][region]
    if target_type == "AWS::RDS::DBCluster" or target_id.lower() in backend.clusters:
        cluster = backend.clusters[target_id.lower()]
        return {
            "engine": cluster.engine,
            "host": cluster.endpoint,
            "port": cluster.port,
            "dbClusterIdentifier": cluster.db_cluster_identifier,
        }
    if target_type == "AWS::RDS::DBInstance" or target_id.lower() in backend.databases:
        database = backend.databases[target_id.lower()]
        return {
            "engine": database.engine,
            "host": database.address,
            "port": database.port,
            "dbInstanceIdentifier": database.db_instance_identifier,
        }
    raise ValueError(f"TargetId {target_id!r} is not an RDS cluster or instance")
