"""Both blob stores, the same behaviour: a local directory and S3 on a moto server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.blobs import BlobStore
from domain.errors import BlobNotFound, InvalidBlobKey
from domain.infra.local_blobs import LocalBlobStore
from domain.infra.s3_blobs import S3BlobStore


@pytest.fixture(params=["local", "s3"])
async def blobs(
    request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str
) -> AsyncIterator[BlobStore]:
    store: BlobStore
    if request.param == "local":
        store = LocalBlobStore(tmp_path / "blobs")
    else:
        store = await S3BlobStore.open(
            bucket=f"test-{uuid.uuid4().hex[:12]}",
            endpoint_url=s3_endpoint,
            access_key_id="testing",
            secret_access_key="testing",
        )
    yield store
    await store.close()


async def test_put_get_overwrite_delete(blobs: BlobStore) -> None:
    await blobs.put("photos/g1/p1.jpg", b"first", content_type="image/jpeg")
    assert await blobs.get("photos/g1/p1.jpg") == b"first"
    assert await blobs.exists("photos/g1/p1.jpg")
    await blobs.put("photos/g1/p1.jpg", b"second")
    assert await blobs.get("photos/g1/p1.jpg") == b"second"
    await blobs.delete("photos/g1/p1.jpg")
    assert not await blobs.exists("photos/g1/p1.jpg")
    await blobs.delete("photos/g1/p1.jpg")  # deleting twice is fine


async def test_missing_key_raises_blob_not_found(blobs: BlobStore) -> None:
    with pytest.raises(BlobNotFound):
        await blobs.get("photos/nothing-here.jpg")


async def test_delete_by_prefix_leaves_other_prefixes(blobs: BlobStore) -> None:
    for key in (
        "persons/a/1.jpg",
        "persons/a/2.jpg",
        "persons/a/crops/3.jpg",
        "persons/ab/1.jpg",
        "photos/x.jpg",
    ):
        await blobs.put(key, key.encode())
    assert await blobs.delete_prefix("persons/a/") == 3
    assert await blobs.keys() == ["persons/ab/1.jpg", "photos/x.jpg"]
    assert await blobs.keys("persons/") == ["persons/ab/1.jpg"]
    assert await blobs.delete_prefix("persons/a/") == 0


async def test_expired_objects_read_as_missing_and_are_purged(blobs: BlobStore) -> None:
    now = datetime.now(UTC)
    await blobs.put("tmp/old.jpg", b"old", expires_at=now - timedelta(seconds=1))
    await blobs.put("tmp/fresh.jpg", b"fresh", expires_at=now + timedelta(hours=1))
    await blobs.put("keep/forever.jpg", b"kept")

    with pytest.raises(BlobNotFound):
        await blobs.get("tmp/old.jpg")
    assert not await blobs.exists("tmp/old.jpg")
    assert await blobs.get("tmp/fresh.jpg") == b"fresh"

    assert await blobs.purge_expired() == 1
    assert await blobs.keys() == ["keep/forever.jpg", "tmp/fresh.jpg"]
    assert await blobs.purge_expired(now + timedelta(hours=2)) == 1
    assert await blobs.keys() == ["keep/forever.jpg"]


async def test_a_new_put_without_expiry_makes_an_object_permanent(blobs: BlobStore) -> None:
    await blobs.put("tmp/x.jpg", b"one", expires_at=datetime.now(UTC) - timedelta(seconds=1))
    await blobs.put("tmp/x.jpg", b"two")
    assert await blobs.get("tmp/x.jpg") == b"two"


async def test_info_says_expiry_and_content_type(blobs: BlobStore) -> None:
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    await blobs.put("crops/p/f.jpg", b"face", expires_at=later, content_type="image/jpeg")
    await blobs.put("persons/p/cover.jpg", b"cover", content_type="image/jpeg")
    await blobs.put("tmp/old.jpg", b"old", expires_at=datetime.now(UTC) - timedelta(seconds=1))
    crop, cover = await blobs.info("crops/p/f.jpg"), await blobs.info("persons/p/cover.jpg")
    assert (crop.expires_at, cover.expires_at) == (later, None)
    # A directory keeps no content type; S3 keeps the one given.
    kept = None if isinstance(blobs, LocalBlobStore) else "image/jpeg"
    assert crop.content_type == cover.content_type == kept
    for gone in ("tmp/old.jpg", "crops/nothing.jpg"):
        with pytest.raises(BlobNotFound):
            await blobs.info(gone)


@pytest.mark.parametrize("key", ["../escape", "/abs/path", "a//b", ""])
async def test_unsafe_keys_are_refused(blobs: BlobStore, key: str) -> None:
    with pytest.raises(InvalidBlobKey):
        await blobs.put(key, b"x")
    with pytest.raises(InvalidBlobKey):
        await blobs.get(key)


async def test_local_store_keeps_files_inside_its_root(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    await store.put("crops/f1.jpg", b"face")
    assert (tmp_path / "blobs" / "crops" / "f1.jpg").read_bytes() == b"face"
    await store.delete("crops/f1.jpg")
    assert list((tmp_path / "blobs").iterdir()) == []  # emptied folders go too
    assert not (tmp_path / "escape").exists()


async def test_s3_store_writes_real_objects_with_their_expiry(s3_endpoint: str) -> None:
    import aioboto3

    bucket = f"test-{uuid.uuid4().hex[:12]}"
    store = await S3BlobStore.open(
        bucket=bucket,
        endpoint_url=s3_endpoint,
        access_key_id="testing",
        secret_access_key="testing",
    )
    expires = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)
    await store.put("photos/p.jpg", b"jpeg", expires_at=expires, content_type="image/jpeg")
    await store.close()

    session = aioboto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    async with session.client("s3", endpoint_url=s3_endpoint) as s3:
        head = await s3.head_object(Bucket=bucket, Key="photos/p.jpg")
    assert head["ContentType"] == "image/jpeg"
    assert head["Metadata"]["expires-at"] == expires.isoformat()
