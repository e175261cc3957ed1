# The production image, from the production jar built first on the host:
#   ./mvnw -B -Pproduction package -DskipTests
#   docker build -t registry.example.com/flowmeter:0.1.0 .
# Without a Docker daemon, Jib builds the same image: ./mvnw -B -Pproduction package jib:buildTar (README "Kubernetes").
FROM eclipse-temurin:17-jre

# not root: the Helm chart runs it as 10001 with a read-only root filesystem and an emptyDir on /tmp
RUN groupadd --system --gid 10001 flowmeter \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin flowmeter
WORKDIR /app
COPY target/flowmeter-*.jar /app/flowmeter.jar
USER 10001:10001

# 8080: UI, REST API, webhooks; 8081: health and /actuator/prometheus when FLOWMETER_MANAGEMENT_PORT=8081
EXPOSE 8080 8081
# `migrate` as the argument runs the database migrations and exits (the chart's init container)
ENTRYPOINT ["java", "-Duser.home=/tmp", "-jar", "/app/flowmeter.jar"]
