package com.relance.sequence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys every sequence under {@code bpmn/} at start-up. Unchanged files create no new version, so
 * restarts do not pile up versions; Modeler can deploy more at runtime through {@code /engine-rest}.
 */
@Component
class SequenceDeployer implements InitializingBean {

    static final String DEPLOYMENT_NAME = "relance-sequences";
    private static final Logger log = LoggerFactory.getLogger(SequenceDeployer.class);

    private final RepositoryService repositoryService;
    private final ResourcePatternResolver resources;
    private final SequenceProperties properties;

    SequenceDeployer(RepositoryService repositoryService, ResourcePatternResolver resources, SequenceProperties properties) {
        this.repositoryService = repositoryService;
        this.resources = resources;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        Resource[] files = resources.getResources(properties.location());
        if (files.length == 0) {
            log.warn("No sequences found at {}", properties.location());
            return;
        }
        DeploymentBuilder deployment = repositoryService.createDeployment()
                .name(DEPLOYMENT_NAME)
                .source("relance")
                .enableDuplicateFiltering(true);
        for (Resource file : files) {
            deployment.addInputStream(file.getFilename(), read(file));
        }
        DeploymentWithDefinitions deployed = deployment.deployWithResult();
        log.info("Sequences at {}: {} file(s), {} new process definition version(s)", properties.location(),
                files.length, deployed.getDeployedProcessDefinitions() == null ? 0 : deployed.getDeployedProcessDefinitions().size());
    }

    private static InputStream read(Resource file) {
        try {
            return file.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sequence " + file, e);
        }
    }
}
