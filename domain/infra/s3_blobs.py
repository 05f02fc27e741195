"""``domain.blobs.BlobStore`` on S3 (or MinIO) through aioboto3.

The expiry time travels as object metadata (``x-amz-meta-expires-at``) and the
``Expires`` header; an object past it reads as missing and ``purge_expired``
deletes it.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any

import aioboto3
from botocore.exceptions import ClientError

from domain.blobs import BlobInfo, as_utc, check_key
from domain.errors import BlobNotFound

EXPIRES_AT = "expires-at"
MISSING = {"404", "NoSuchKey", "NotFound"}


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, exit_stack: AsyncExitStack) -> None:
        self._client = client
        self._bucket = bucket
        self._exit_stack = exit_stack

    @classmethod
    async def open(
        cls,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        create_bucket: bool = True,
    ) -> S3BlobStore:
        stack = AsyncExitStack()
        session = aioboto3.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
        )
        client = await stack.enter_async_context(session.client("s3", endpoint_url=endpoint_url))
        store = cls(client, bucket, stack)
        if create_bucket:
            await store._ensure_bucket(region)
        return store

    async def _ensure_bucket(self, region: str) -> None:
        try:
            await self._client.head_bucket(Bucket=self._bucket)
        except ClientError as exc:
            if _code(exc) not in MISSING:
                raise
            extra = (
                {}
                if region == "us-east-1"
                else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            )
            await self._client.create_bucket(Bucket=self._bucket, **extra)

    async def put(
        self,
        key: str,
        data: bytes,
        *,
        expires_at: datetime | None = None,
        content_type: str = "application/octet-stream",
    ) -> None:
        check_key(key)
        extra: dict[str, Any] = {}
        if expires_at is not None:
            moment = as_utc(expires_at)
            extra = {"Expires": moment, "Metadata": {EXPIRES_AT: moment.isoformat()}}
        await self._client.put_object(
            Bucket=self._bucket, Key=key, Body=data, ContentType=content_type, **extra
        )

    async def get(self, key: str) -> bytes:
        check_key(key)
        try:
            response = await self._client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in MISSING:
                raise BlobNotFound(key) from None
            raise
        async with response["Body"] as body:
            data: bytes = await body.read()
        if _is_expired(response.get("Metadata", {}), datetime.now(UTC)):
            raise BlobNotFound(key)
        return data

    async def info(self, key: str) -> BlobInfo:
        check_key(key)
        try:
            head = await self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in MISSING:
                raise BlobNotFound(key) from None
            raise
        metadata = head.get("Metadata", {})
        if _is_expired(metadata, datetime.now(UTC)):
            raise BlobNotFound(key)
        expires_at = metadata.get(EXPIRES_AT)
        return BlobInfo(
            expires_at=datetime.fromisoformat(expires_at) if expires_at else None,
            content_type=head.get("ContentType"),
        )

    async def exists(self, key: str) -> bool:
        check_key(key)
        try:
            head = await self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in MISSING:
                return False
            raise
        return not _is_expired(head.get("Metadata", {}), datetime.now(UTC))

    async def delete(self, key: str) -> None:
        check_key(key)
        await self._client.delete_object(Bucket=self._bucket, Key=key)

    async def delete_prefix(self, prefix: str) -> int:
        check_key(prefix, prefix=True)
        return await self._delete_keys(await self.keys(prefix))

    async def keys(self, prefix: str = "") -> list[str]:
        if prefix:
            check_key(prefix, prefix=True)
        keys: list[str] = []
        paginator = self._client.get_paginator("list_objects_v2")
        async for page in paginator.paginate(Bucket=self._bucket, Prefix=prefix):
            keys.extend(item["Key"] for item in page.get("Contents", []))
        return sorted(keys)

    async def purge_expired(self, now: datetime | None = None) -> int:
        moment = now or datetime.now(UTC)
        expired = []
        for key in await self.keys():
            try:
                head = await self._client.head_object(Bucket=self._bucket, Key=key)
            except ClientError as exc:
                if _code(exc) in MISSING:
                    continue
                raise
            if _is_expired(head.get("Metadata", {}), moment):
                expired.append(key)
        return await self._delete_keys(expired)

    async def _delete_keys(self, keys: list[str]) -> int:
        for start in range(0, len(keys), 1000):
            batch = [{"Key": key} for key in keys[start : start + 1000]]
            await self._client.delete_objects(
                Bucket=self._bucket, Delete={"Objects": batch, "Quiet": True}
            )
        return len(keys)

    async def close(self) -> None:
        await self._exit_stack.aclose()


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _is_expired(metadata: dict[str, str], now: datetime) -> bool:
    value = metadata.get(EXPIRES_AT)
    return value is not None and datetime.fromisoformat(value) <= now
