# Keycloak with keycloak-wechat built in, for PostgreSQL: build the JAR first (mvn -B -DskipTests package).
ARG KEYCLOAK_IMAGE=quay.io/keycloak/keycloak:26.7.3
FROM ${KEYCLOAK_IMAGE}
# The JAR `mvn package` builds; another (a release's) with --build-arg PROVIDER_JAR=its path in the context.
ARG PROVIDER_JAR=target/keycloak-wechat-0.1.0-SNAPSHOT.jar
COPY ${PROVIDER_JAR} /opt/keycloak/providers/keycloak-wechat.jar
# The cluster tests' build options; start it with `start --optimized`. For /metrics add --metrics-enabled=true.
RUN /opt/keycloak/bin/kc.sh build --db=postgres --health-enabled=true
# The base image's user and entrypoint (kc.sh) are kept.
