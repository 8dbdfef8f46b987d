#!/bin/sh
# Makes the namespace exist and registers the workflow's custom search attributes on it.
# Arguments: NAME=TYPE pairs (docker-compose.yml lists them; a test compares them with
# src/Workflows/SearchAttributes.cs). Safe to run again: what exists is left alone.
set -eu

ADDRESS=${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
ATTEMPTS=${ATTEMPTS:-60}

# The server's port opens before it serves: wait for the cluster to answer healthy.
attempt=1
until temporal operator cluster health --address "$ADDRESS"; do
  [ "$attempt" -lt "$ATTEMPTS" ] || { echo "Temporal at $ADDRESS is not healthy" >&2; exit 1; }
  attempt=$((attempt + 1))
  sleep 2
done

# temporalio/server, unlike the retired auto-setup image, creates no namespace.
if ! temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE"
  echo "Created namespace $NAMESPACE"
fi

# A namespace just created may take a moment to be known to every service: retry.
for pair in "$@"; do
  name=${pair%%=*}
  type=${pair#*=}
  attempt=1
  until temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE" | grep -qw "$name"; do
    [ "$attempt" -lt "$ATTEMPTS" ] || { echo "Could not register $name" >&2; exit 1; }
    temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
      --name "$name" --type "$type" || sleep 2
    attempt=$((attempt + 1))
  done
  echo "Search attribute $name ($type) is registered on $NAMESPACE"
done
