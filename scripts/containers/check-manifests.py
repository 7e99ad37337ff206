#!/usr/bin/env python3
"""What kubeconform's schemas cannot check in deploy/k8s: the project's own rules for every app.

  kustomize build deploy/k8s/overlays/production | check-manifests.py --lanes deploy/k8s/base/sinks [--production]

Reads the built manifests on stdin; exits 1 listing every violation:
- each app Deployment (label app.kubernetes.io/part-of=tributary) runs under the restricted Pod Security
  profile (runAsNonRoot, seccomp RuntimeDefault, no privilege escalation, all capabilities dropped,
  a read-only root filesystem with an emptyDir at /tmp), probes /health/live and /health/ready,
  has memory requests and limits, a grace period above the 25 s drain, and a Service, a
  ServiceMonitor and a PodDisruptionBudget selecting it;
- an app annotated tributary.dev/single-writer: "true" (github-events, the scraper) runs exactly one
  replica with the Recreate strategy, so no rollout ever runs two writers side by side;
- each sink lane has a KEDA ScaledObject on its consumer group and topic with maxReplicaCount at
  most the topic's partitions (the lane's SinkLane), a fallback within that, and string metadata;
- with --production: no Secret is shipped, no env value inlines a secret, images are pinned to a
  release (not :dev/:latest).
Needs PyYAML.
"""
import argparse
import sys
from pathlib import Path

import yaml

DRAIN_SECONDS = 25
SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN", "ACCESS_KEY")
SINGLE_WRITER = "tributary.dev/single-writer"


def lanes_of(folder):
    lanes = {}
    for lane_file in Path(folder).glob("*/lane.yaml"):
        spec = yaml.safe_load(lane_file.read_text())["spec"]
        lanes[spec["consumerGroup"]] = spec
    return lanes


def selects(selector, labels):
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def check_pod(name, pod, problems):
    say = lambda message: problems.append(f"Deployment {name}: {message}")  # noqa: E731
    security = pod.get("securityContext", {})
    if security.get("runAsNonRoot") is not True:
        say("pod securityContext.runAsNonRoot is not true")
    if security.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        say("pod seccompProfile is not RuntimeDefault")
    grace = pod.get("terminationGracePeriodSeconds", 30)
    if grace <= DRAIN_SECONDS:
        say(f"terminationGracePeriodSeconds {grace} is not above the {DRAIN_SECONDS} s drain")
    tmp_volumes = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
    for container in pod.get("containers", []):
        context = container.get("securityContext", {})
        if context.get("allowPrivilegeEscalation") is not False:
            say(f"{container['name']}: allowPrivilegeEscalation is not false")
        if context.get("readOnlyRootFilesystem") is not True:
            say(f"{container['name']}: readOnlyRootFilesystem is not true")
        if context.get("capabilities", {}).get("drop") != ["ALL"]:
            say(f"{container['name']}: capabilities do not drop ALL")
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        if mounts.get("/tmp") not in tmp_volumes:
            say(f"{container['name']}: /tmp is not an emptyDir")
        if container.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/health/live":
            say(f"{container['name']}: livenessProbe is not on /health/live")
        if container.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/health/ready":
            say(f"{container['name']}: readinessProbe is not on /health/ready")
        resources = container.get("resources", {})
        if "memory" not in resources.get("requests", {}) or "memory" not in resources.get("limits", {}):
            say(f"{container['name']}: no memory request and limit")


def check_production(documents, problems):
    for document in documents:
        kind, name = document["kind"], document["metadata"]["name"]
        if kind == "Secret":
            problems.append(f"Secret {name} is shipped: production references Secrets, never holds them")
        if kind in ("Deployment", "StatefulSet", "Job"):
            for container in document["spec"]["template"]["spec"]["containers"]:
                image = container["image"]
                if image.endswith((":dev", ":latest")) or ":" not in image.rsplit("/", 1)[-1]:
                    problems.append(f"{kind} {name}: image {image} is not pinned to a release")
                for env in container.get("env", []):
                    if "value" in env and any(word in env["name"] for word in SECRET_WORDS):
                        problems.append(f"{kind} {name}: {env['name']} is inlined, not from a Secret")
        if kind == "ConfigMap":
            for key in document.get("data", {}):
                if any(word in key for word in SECRET_WORDS):
                    problems.append(f"ConfigMap {name}: {key} belongs in a Secret")


def check(documents, lanes, production):
    problems = []
    by_kind = {}
    for document in documents:
        by_kind.setdefault(document["kind"], []).append(document)
    apps = [
        d
        for d in by_kind.get("Deployment", [])
        if d["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") == "tributary"
    ]
    if not apps:
        problems.append("no app Deployment (label app.kubernetes.io/part-of=tributary)")
    for deployment in apps:
        name = deployment["metadata"]["name"]
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        check_pod(name, deployment["spec"]["template"]["spec"], problems)
        if deployment["metadata"].get("annotations", {}).get(SINGLE_WRITER) == "true":
            replicas = deployment["spec"].get("replicas", 1)
            strategy = deployment["spec"].get("strategy", {}).get("type", "RollingUpdate")
            if replicas != 1 or strategy != "Recreate":
                problems.append(
                    f"Deployment {name}: a single writer runs {replicas} replicas with {strategy}, "
                    "not 1 with Recreate"
                )
        for kind, path in (
            ("Service", ("spec", "selector")),
            ("PodDisruptionBudget", ("spec", "selector", "matchLabels")),
        ):
            matching = []
            for other in by_kind.get(kind, []):
                selector = other
                for key in path:
                    selector = selector.get(key, {})
                if selects(selector, pod_labels):
                    matching.append(other)
            if len(matching) != 1:
                problems.append(f"Deployment {name}: {len(matching)} {kind}s select it, not 1")
            if kind == "Service" and len(matching) == 1:
                service_labels = matching[0]["metadata"].get("labels", {})
                monitors = [
                    m
                    for m in by_kind.get("ServiceMonitor", [])
                    if selects(m["spec"]["selector"].get("matchLabels", {}), service_labels)
                ]
                if len(monitors) != 1:
                    problems.append(f"Deployment {name}: {len(monitors)} ServiceMonitors scrape it, not 1")

    scaled = {s["spec"]["scaleTargetRef"]["name"]: s for s in by_kind.get("ScaledObject", [])}
    sinks = [d for d in apps if d["metadata"]["labels"].get("app.kubernetes.io/name") == "bronze-sink"]
    for deployment in sinks:
        name = deployment["metadata"]["name"]
        env = {e["name"]: e.get("value") for e in deployment["spec"]["template"]["spec"]["containers"][0].get("env", [])}
        scaled_object = scaled.get(name)
        if not scaled_object:
            problems.append(f"sink {name}: no ScaledObject")
            continue
        spec = scaled_object["spec"]
        group = env.get("SINK_GROUP_ID")
        lane = lanes.get(group)
        if not lane:
            problems.append(f"sink {name}: consumer group {group} has no SinkLane")
            continue
        triggers = [t for t in spec.get("triggers", []) if t["type"] == "kafka"]
        if len(triggers) != 1:
            problems.append(f"ScaledObject {name}: {len(triggers)} kafka triggers, not 1")
            continue
        metadata = triggers[0]["metadata"]
        if metadata.get("consumerGroup") != group or metadata.get("topic") != env.get("SINK_TOPICS"):
            problems.append(f"ScaledObject {name}: trigger is not on the sink's consumer group and topic")
        for key, value in metadata.items():
            if not isinstance(value, str):
                problems.append(f"ScaledObject {name}: metadata {key} is not a quoted string")
        for key in ("lagThreshold", "activationLagThreshold"):
            if key not in metadata:
                problems.append(f"ScaledObject {name}: no {key}")
        max_replicas = spec.get("maxReplicaCount", 100)
        if max_replicas > lane["partitions"]:
            problems.append(
                f"ScaledObject {name}: maxReplicaCount {max_replicas} exceeds the "
                f"{lane['partitions']} partitions of {lane['topic']}"
            )
        fallback = spec.get("fallback")
        if not fallback:
            problems.append(f"ScaledObject {name}: no fallback")
        elif fallback["replicas"] > max_replicas:
            problems.append(f"ScaledObject {name}: fallback replicas above maxReplicaCount")
        if spec.get("minReplicaCount", 0) > max_replicas:
            problems.append(f"ScaledObject {name}: minReplicaCount above maxReplicaCount")

    if not by_kind.get("NetworkPolicy"):
        problems.append("no NetworkPolicy")
    if production:
        check_production(documents, problems)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lanes", required=True, help="folder of the sink lanes (*/lane.yaml)")
    parser.add_argument("--production", action="store_true")
    args = parser.parse_args()
    documents = [d for d in yaml.safe_load_all(sys.stdin) if d]
    problems = check(documents, lanes_of(args.lanes), args.production)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{len(documents)} resources meet the deploy rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
