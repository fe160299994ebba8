package com.relance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.relance.campaign.CampaignSetup;
import com.relance.prospect.ProspectImport;
import com.relance.test.Engine;
import com.relance.test.TestEnvironment;
import com.relance.test.TestMailServer;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda on the production database: PostgreSQL on this machine (127.0.0.1:5432, database {@code test}),
 * in a schema of its own. With an external database, no default admin and no demo users exist.
 */
class PostgresDatabaseTests {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema = "relance_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void dropSchema() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void sequencesRunOnPostgresqlAndNoDemoUsersAreCreated() throws Exception {
        execute("CREATE SCHEMA " + schema);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RelanceApplication.class).run(
                "--spring.datasource.url=" + URL + "?currentSchema=" + schema,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--camunda.bpm.database.schema-name=" + schema,
                "--camunda.bpm.database.table-prefix=" + schema + ".",
                "--camunda.bpm.admin-user.id=ops",
                "--camunda.bpm.admin-user.password=a-real-secret",
                "--relance.demo.enabled=true",
                "--relance.data-dir=" + TestEnvironment.newDataDir(),
                "--relance.embedded.mongo.port=0",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + TestMailServer.smtpPort(),
                "--server.port=0",
                "--camunda.bpm.process-engine-name=postgresTest",
                "--camunda.bpm.job-execution.enabled=false",
                "--relance.windows.enabled=false")) {

            IdentityService identity = app.getBean(IdentityService.class);
            assertThat(identity.createUserQuery().userId("ops").count()).isEqualTo(1);
            assertThat(identity.createUserQuery().userIdIn("admin", "mia", "cole", "chloe", "max").count())
                    .as("no documented passwords on a real database").isZero();
            assertThat(app.getBean(RepositoryService.class).createProcessDefinitionQuery()
                    .processDefinitionKey("firstTouch").count()).isEqualTo(1);

            String email = "postgres." + schema + "@example.com";
            app.getBean(ProspectImport.class).importCsv(new java.io.ByteArrayInputStream(
                    ("email,first_name,tags\n" + email + ",Paula," + schema + "\n").getBytes()));
            CampaignSetup.Started started = app.getBean(CampaignSetup.class).startDemo("Postgres " + schema, "firstTouch", schema);
            assertThat(started.enrolled()).isEqualTo(1);
            Engine.executeDueJobs(app.getBean(ManagementService.class), app.getBean(RuntimeService.class), started.campaignId());

            assertThat(TestMailServer.messagesTo(email)).hasSize(1);
            assertThat(app.getBean(RuntimeService.class).createProcessInstanceQuery()
                    .processInstanceBusinessKeyLike(started.campaignId() + ":%").list())
                    .singleElement()
                    .satisfies(instance -> assertThat(app.getBean(RuntimeService.class)
                            .getActiveActivityIds(instance.getId())).containsExactly("waitTwoDays"));
        }
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
             var tables = connection.getMetaData().getTables(null, schema, "act_ru_execution", null)) {
            assertThat(tables.next()).as("Camunda's tables live in the test's own schema").isTrue();
            assertThat(indexesOf(connection, "act_ru_job")).as("acquisition by due date reads an index, on PostgreSQL too")
                    .contains("relance_idx_job_due");
            assertThat(indexesOf(connection, "act_ru_task")).contains("relance_idx_task_parent");
            assertThat(indexesOf(connection, "act_ru_event_subscr")).contains("relance_idx_event_subscr_proc");
        }
    }

    private List<String> indexesOf(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var indexes = connection.getMetaData().getIndexInfo(null, schema, table, false, false)) {
            while (indexes.next()) {
                names.add(indexes.getString("INDEX_NAME"));
            }
        }
        return names;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
