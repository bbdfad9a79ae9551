#!/usr/bin/env python3
"""Checks spark/k8s/whitespot-score-job.yaml against the batch/v1 Job API and the real CLI, then
runs its pods' script here, the way the Job controller would start them, and compares the merged
parts with one unsharded run.

1. Every field name is one the Kubernetes API (batch/v1 Job, core/v1 PodSpec, Container, ...)
   defines at that place, and the Job's rules hold: completionMode Indexed with completions set,
   backoffLimitPerIndex and maxFailedIndexes only with it, restartPolicy Never or OnFailure,
   each volumeMount names a volume, the pods read JOB_COMPLETION_INDEX, SHARDS == completions.
2. Every flag the script gives `whitespot score` is in `whitespot score --help`.
3. Pods 0..completions-1: the container's command and args run under bash with the manifest's env
   plus JOB_COMPLETION_INDEX=k, the volumes' mount paths mapped to local directories (the orders
   and a model trained on them with the script's own input flags); the parts merged with the
   command of the header comment equal, byte for byte, the same script run once with the
   --shard and --shard-layout flags taken out.

Usage: scripts/check-k8s-job.py BIN ORDERS [MANIFEST]
  BIN      a whitespot binary; ORDERS the file the manifest's ORDERS names (Online Retail II).
Needs PyYAML (Debian: python3-yaml). Exits non-zero with the reason on the first failure.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

import yaml

# Field names per object type, from the Kubernetes API reference (v1.31), and the type of each
# nested object; fields not listed here are refused.
OBJECT = {"apiVersion", "kind", "metadata", "spec", "status"}
METADATA = {"name", "generateName", "namespace", "labels", "annotations", "ownerReferences", "finalizers"}
JOB_SPEC = {"activeDeadlineSeconds", "backoffLimit", "backoffLimitPerIndex", "completionMode", "completions",
            "managedBy", "manualSelector", "maxFailedIndexes", "parallelism", "podFailurePolicy",
            "podReplacementPolicy", "selector", "successPolicy", "suspend", "template", "ttlSecondsAfterFinished"}
POD_TEMPLATE = {"metadata", "spec"}
POD_SPEC = {"activeDeadlineSeconds", "affinity", "automountServiceAccountToken", "containers", "dnsConfig",
            "dnsPolicy", "enableServiceLinks", "hostAliases", "hostname", "imagePullSecrets", "initContainers",
            "nodeName", "nodeSelector", "priority", "priorityClassName", "restartPolicy", "runtimeClassName",
            "schedulerName", "securityContext", "serviceAccountName", "subdomain", "terminationGracePeriodSeconds",
            "tolerations", "topologySpreadConstraints", "volumes"}
CONTAINER = {"args", "command", "env", "envFrom", "image", "imagePullPolicy", "lifecycle", "livenessProbe", "name",
             "ports", "readinessProbe", "resizePolicy", "resources", "restartPolicy", "securityContext",
             "startupProbe", "stdin", "stdinOnce", "terminationMessagePath", "terminationMessagePolicy", "tty",
             "volumeDevices", "volumeMounts", "workingDir"}
ENV_VAR = {"name", "value", "valueFrom"}
RESOURCES = {"claims", "limits", "requests"}
VOLUME_MOUNT = {"mountPath", "mountPropagation", "name", "readOnly", "recursiveReadOnly", "subPath", "subPathExpr"}
VOLUME_SOURCES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "hostPath", "image", "nfs",
                  "persistentVolumeClaim", "projected", "secret"}
PVC_SOURCE = {"claimName", "readOnly"}
QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")


def fail(message):
    sys.exit(f"check-k8s-job: {message}")


def run(command, **kwargs):
    """Runs `command`; on failure, stops with its output."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        fail(f"{' '.join(command)[:200]} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def fields(obj, allowed, where):
    if not isinstance(obj, dict):
        fail(f"{where}: expected an object, got {obj!r}")
    unknown = set(obj) - allowed
    if unknown:
        fail(f"{where}: fields unknown to the Kubernetes API: {', '.join(sorted(unknown))}")
    return obj


def positive_int(value, where):
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        fail(f"{where}: expected a non-negative integer, got {value!r}")
    return value


def check_api(job):
    """Field names and the Job API's rules; returns (completions, container)."""
    fields(job, OBJECT, "Job")
    if job.get("apiVersion") != "batch/v1" or job.get("kind") != "Job":
        fail(f"apiVersion/kind: expected batch/v1 Job, got {job.get('apiVersion')} {job.get('kind')}")
    fields(job.get("metadata", {}), METADATA, "metadata")
    if not job["metadata"].get("name"):
        fail("metadata.name is missing")
    spec = fields(job.get("spec"), JOB_SPEC, "spec")
    for key in ("completions", "parallelism", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes",
                "activeDeadlineSeconds", "ttlSecondsAfterFinished"):
        if key in spec:
            positive_int(spec[key], f"spec.{key}")
    if spec.get("completionMode") != "Indexed":
        fail(f"spec.completionMode: expected Indexed (the completion index is the shard), got {spec.get('completionMode')!r}")
    completions = spec.get("completions")
    if not completions:
        fail("spec.completions: an Indexed Job needs completions (the number of shards)")
    if "maxFailedIndexes" in spec and "backoffLimitPerIndex" not in spec:
        fail("spec.maxFailedIndexes needs spec.backoffLimitPerIndex")
    if spec.get("maxFailedIndexes", 0) > completions:
        fail("spec.maxFailedIndexes is more than spec.completions")
    template = fields(spec.get("template"), POD_TEMPLATE, "spec.template")
    pod = fields(template.get("spec"), POD_SPEC, "spec.template.spec")
    if pod.get("restartPolicy") not in ("Never", "OnFailure"):
        fail(f"spec.template.spec.restartPolicy: a Job allows Never or OnFailure, got {pod.get('restartPolicy')!r}")
    volumes = {}
    for i, volume in enumerate(pod.get("volumes", [])):
        where = f"spec.template.spec.volumes[{i}]"
        fields(volume, {"name"} | VOLUME_SOURCES, where)
        sources = set(volume) & VOLUME_SOURCES
        if len(sources) != 1:
            fail(f"{where}: expected exactly one volume source, got {sorted(sources)}")
        if "persistentVolumeClaim" in volume:
            fields(volume["persistentVolumeClaim"], PVC_SOURCE, f"{where}.persistentVolumeClaim")
        if volume["name"] in volumes:
            fail(f"{where}: volume name {volume['name']} given twice")
        volumes[volume["name"]] = volume
    containers = pod.get("containers") or fail("spec.template.spec.containers is empty")
    if len(containers) != 1:
        fail(f"expected one container, got {len(containers)}")
    container = fields(containers[0], CONTAINER, "containers[0]")
    for key in ("name", "image"):
        if not container.get(key):
            fail(f"containers[0].{key} is missing")
    for i, env in enumerate(container.get("env", [])):
        fields(env, ENV_VAR, f"containers[0].env[{i}]")
        if "value" in env and not isinstance(env["value"], str):
            fail(f"containers[0].env[{i}] ({env['name']}): value must be a string, got {env['value']!r}")
    resources = fields(container.get("resources", {}), RESOURCES, "containers[0].resources")
    for kind in ("requests", "limits"):
        for name, quantity in resources.get(kind, {}).items():
            if name not in ("cpu", "memory", "ephemeral-storage") or not QUANTITY.match(str(quantity)):
                fail(f"containers[0].resources.{kind}.{name}: not a resource quantity: {quantity!r}")
    for i, mount in enumerate(container.get("volumeMounts", [])):
        fields(mount, VOLUME_MOUNT, f"containers[0].volumeMounts[{i}]")
        if mount.get("name") not in volumes:
            fail(f"containers[0].volumeMounts[{i}]: no volume named {mount.get('name')!r}")
    script = " ".join(container.get("command", []) + container.get("args", []))
    if "JOB_COMPLETION_INDEX" not in script:
        fail("the container never reads JOB_COMPLETION_INDEX, the pod's completion index")
    shards = {e["name"]: e.get("value") for e in container.get("env", [])}.get("SHARDS")
    if shards is not None and int(shards) != completions:
        fail(f"env SHARDS={shards} but spec.completions={completions}: they must be equal")
    return completions, container


def score_command(script):
    """The tokens of the script's `whitespot score` command (continuation lines joined)."""
    joined = script.replace("\\\n", " ")
    for line in joined.splitlines():
        tokens = shlex.split(line, posix=True)
        if tokens[:2] == ["whitespot", "score"]:
            return tokens
    fail("the container's script runs no `whitespot score`")


def check_flags(binary, tokens):
    help_text = run([binary, "score", "--help"])
    known = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", help_text))
    flags = [t for t in tokens if t.startswith("--")]
    unknown = [f for f in flags if f not in known]
    if unknown:
        fail(f"whitespot score has no flag {', '.join(unknown)}")
    return flags


def main():
    if len(sys.argv) not in (3, 4):
        fail(__doc__.split("Usage: ")[1].split("\n")[0])
    binary, orders = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
    manifest = sys.argv[3] if len(sys.argv) == 4 else "spark/k8s/whitespot-score-job.yaml"
    with open(manifest) as f:
        job = yaml.safe_load(f)
    completions, container = check_api(job)
    command = container.get("command", []) + container.get("args", [])
    if command[:2] != ["/bin/bash", "-c"] or len(command) != 3:
        fail(f"expected command /bin/bash -c SCRIPT, got {command[:2]}")
    script = command[2]
    tokens = score_command(script)
    flags = check_flags(binary, tokens)
    print(f"{manifest}: batch/v1 Indexed Job, {completions} completions; whitespot score flags exist: {' '.join(flags)}")

    with tempfile.TemporaryDirectory(prefix="whitespot-k8s-") as tmp:
        mounts = {m["mountPath"]: os.path.join(tmp, m["name"]) for m in container.get("volumeMounts", [])}
        for local in mounts.values():
            os.makedirs(local)

        def local_path(text):
            for mount, local in mounts.items():
                text = re.sub(rf"(?<![\w/]){re.escape(mount)}(?=/|$)", local, text)
            return text

        env = {e["name"]: local_path(e["value"]) for e in container.get("env", [])}
        os.symlink(orders, env["ORDERS"])
        # The model: trained on the same orders with the script's own input flags.
        input_flags = []
        for flag in ("--columns", "--exclude-products", "--catalog", "--segment-by", "--delimiter"):
            if flag in tokens:
                input_flags += [flag, tokens[tokens.index(flag) + 1]]
        os.makedirs(os.path.dirname(env["MODEL"]), exist_ok=True)
        run([binary, "train", env["ORDERS"], *input_flags, "--model", env["MODEL"], "--threads", "2"])
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        os.symlink(binary, os.path.join(bindir, "whitespot"))
        base_env = {"PATH": f"{bindir}:/usr/bin:/bin", "HOME": tmp, **env}
        pod_script = local_path(script)
        results = mounts.get("/results") or fail("no volume is mounted at /results")
        for k in range(completions):
            run(["/bin/bash", "-c", pod_script], env={**base_env, "JOB_COMPLETION_INDEX": str(k)})
        parts = sorted(os.listdir(results))
        print(f"ran pods 0..{completions - 1}: {', '.join(parts)}")
        merge = next((line.strip(" #") for line in open(manifest) if "recommendations.csv" in line and "cat " in line), None)
        if merge is None:
            fail("the header comment shows no merge command")
        run(["/bin/bash", "-c", merge], cwd=results)
        merged = os.path.join(results, "recommendations.csv")

        # One unsharded run: the same script with a `whitespot` that drops --shard and --shard-layout.
        single = os.path.join(tmp, "single")
        os.makedirs(single)
        unsharded = os.path.join(tmp, "unsharded")
        os.makedirs(unsharded)
        with open(os.path.join(unsharded, "whitespot"), "w") as f:
            f.write('#!/usr/bin/env bash\nargs=()\nwhile (($#)); do case "$1" in --shard|--shard-layout) shift 2;; '
                    f'*) args+=("$1"); shift;; esac; done\nexec {shlex.quote(binary)} "${{args[@]}}"\n')
        os.chmod(os.path.join(unsharded, "whitespot"), 0o755)
        single_script = pod_script.replace(results, single)
        run(["/bin/bash", "-c", single_script], env={**base_env, "PATH": f"{unsharded}:/usr/bin:/bin", "JOB_COMPLETION_INDEX": "0"})
        [single_out] = [os.path.join(single, f) for f in os.listdir(single)]
        with open(merged, "rb") as a, open(single_out, "rb") as b:
            merged_bytes, single_bytes = a.read(), b.read()
        if merged_bytes != single_bytes:
            fail(f"the {completions} merged parts ({len(merged_bytes)} bytes) differ from the unsharded run ({len(single_bytes)} bytes)")
        lines = single_bytes.count(b"\n")
        print(f"merged parts == unsharded run: {lines} lines, {len(single_bytes)} bytes")


if __name__ == "__main__":
    main()
