package com.relance.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server's fixes change what a query costs, never what it answers or stores. Planner: every
 * query here gets the same answer from the stock H2 backend and from ours, over real sockets. The queries
 * are written as Spring Data's {@code Criteria} sends them (one document), and one as the driver's
 * {@code Filters.and} does (a {@code $and}).
 */
class EmbeddedH2BackendTests {

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();
    private MongoCollection<Document> stock;
    private MongoCollection<Document> ours;

    @BeforeEach
    void twoServersWithTheSameProspects() {
        stock = prospectsOn(new H2Backend(new MVStore.Builder().open()));
        ours = prospectsOn(new EmbeddedH2Backend(new MVStore.Builder().open()));
    }

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
    }

    @Test
    void anIdWithAnotherConditionFindsTheDocumentOnlyWhenBothHold() {
        Bson open = new Document("_id", 4).append("status", "open");
        Bson notOpen = new Document("_id", 5).append("status", "open");

        assertThat(ids(ours, open)).containsExactly(4).isEqualTo(ids(stock, open));
        assertThat(ids(ours, notOpen)).isEmpty();
        assertThat(ids(stock, notOpen)).isEmpty();
    }

    @Test
    void anIdListWithAnotherConditionKeepsOnlyTheMatchingOnes() {
        Bson flat = new Document("_id", new Document("$in", List.of(1, 2, 3, 4, 999))).append("status", "open");
        Bson clauses = and(in("_id", 1, 2, 3, 4, 999), eq("status", "open"));

        assertThat(ids(ours, flat)).containsExactly(2, 4).isEqualTo(ids(stock, flat));
        assertThat(ids(ours, clauses)).containsExactly(2, 4).isEqualTo(ids(stock, clauses));
    }

    @Test
    void aUniqueFieldWithAnotherConditionIsAnsweredLikeTheStockBackend() {
        Bson matching = new Document("email", "p7@example.com").append("status", "done");
        Bson notMatching = new Document("email", "p7@example.com").append("status", "open");

        assertThat(ids(ours, matching)).containsExactly(7).isEqualTo(ids(stock, matching));
        assertThat(ids(ours, notMatching)).isEmpty();
    }

    @Test
    void aGuardedUpdateChangesTheDocumentOnlyWhileItsGuardHolds() {
        // a status callback that must not overwrite a final status
        Function<MongoCollection<Document>, Long> update = prospects -> prospects.updateOne(
                new Document("_id", 5).append("status", new Document("$nin", List.of("done", "failed"))), Updates.set("status", "ringing")).getModifiedCount();
        Function<MongoCollection<Document>, Long> updateOpen = prospects -> prospects.updateOne(
                new Document("_id", 6).append("status", new Document("$nin", List.of("done", "failed"))), Updates.set("status", "ringing")).getModifiedCount();

        assertThat(update.apply(ours)).isZero().isEqualTo(update.apply(stock));
        assertThat(updateOpen.apply(ours)).isEqualTo(1L).isEqualTo(updateOpen.apply(stock));
        assertThat(ours.find(eq("_id", 6)).first()).isEqualTo(stock.find(eq("_id", 6)).first());
    }

    @Test
    void anUpdateOfAnIdListWithAnotherConditionChangesOnlyTheMatchingOnes() {
        // an update's documents are matched once by our backend instead of again by the stock code
        Bson listedAndOpen = new Document("_id", new Document("$in", List.of(1, 2, 3, 4, 999))).append("status", "open");
        Function<MongoCollection<Document>, Long> update = prospects -> prospects.updateMany(listedAndOpen,
                Updates.addToSet("campaignIds", "c1")).getModifiedCount();

        assertThat(update.apply(ours)).isEqualTo(2L).isEqualTo(update.apply(stock));
        assertThat(ids(ours, eq("campaignIds", "c1"))).containsExactly(2, 4).isEqualTo(ids(stock, eq("campaignIds", "c1")));
        assertThat(ours.find().into(new ArrayList<>())).isEqualTo(stock.find().into(new ArrayList<>()));
    }

    @Test
    void aReplyRecordedTwiceOnItsTouchIsAddedOnce() {
        Function<MongoCollection<Document>, Object> recordReply = prospects -> prospects.findOneAndUpdate(
                new Document("_id", 8).append("replies.messageId", new Document("$ne", "<m1@example.com>")),
                Updates.push("replies", new Document("messageId", "<m1@example.com>")));

        assertThat(recordReply.apply(ours)).isNotNull();
        assertThat(recordReply.apply(ours)).isNull();
        recordReply.apply(stock);
        recordReply.apply(stock);
        assertThat(ours.find(eq("_id", 8)).first().getList("replies", Document.class)).hasSize(1);
        assertThat(ours.find(eq("_id", 8)).first()).isEqualTo(stock.find(eq("_id", 8)).first());
    }

    @Test
    void aStoreWrittenByTheStockBackendIsReadAndChangedByOursWithItsValuesAndUniqueIndexesIntact(@TempDir Path dir) {
        String file = dir.resolve("mongo.mv").toString();
        List<Object> ids = new ArrayList<>();
        // written by the stock backend (documents in Java serialisation), ids of three types
        withCollection(new H2Backend(new MVStore.Builder().fileName(file).open()), touches -> {
            touches.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            for (int i = 0; i < 600; i++) {
                Object id = switch (i % 3) {
                    case 0 -> new ObjectId();
                    case 1 -> "touch:" + i;
                    default -> (long) i;
                };
                ids.add(id);
                touches.insertOne(everyKindOfValue(id, i));
            }
        });

        // read, changed and extended by ours (what it writes is BSON)
        withCollection(new EmbeddedH2Backend(new MVStore.Builder().fileName(file).open()), touches -> {
            for (int i = 0; i < ids.size(); i++) {
                assertThat(touches.find(new Document("_id", ids.get(i))).first()).isEqualTo(everyKindOfValue(ids.get(i), i));
            }
            assertThatThrownBy(() -> touches.insertOne(new Document("_id", "other").append("email", "p7@example.com")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> touches.insertOne(new Document("_id", "touch:1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            touches.updateMany(eq("n", 1), Updates.inc("attempts", 1));
            touches.insertOne(everyKindOfValue("touch:new", 1_000));
        });

        // and after a restart of ours, both forms side by side, every value with its type
        withCollection(new EmbeddedH2Backend(new MVStore.Builder().fileName(file).open()), touches -> {
            for (int i = 0; i < ids.size(); i++) {
                Document expected = everyKindOfValue(ids.get(i), i);
                if (i % 7 == 1) {
                    expected.put("attempts", 2);
                }
                assertThat(touches.find(new Document("_id", ids.get(i))).first()).isEqualTo(expected);
            }
            assertThat(touches.find(new Document("email", "p1000@example.com")).first())
                    .isEqualTo(everyKindOfValue("touch:new", 1_000));
            assertThatThrownBy(() -> touches.insertOne(new Document("_id", "again").append("email", "p1000@example.com")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void aStoreWrittenWithLargerPagesOpensWithTheSmallerDefaultWithEveryDocumentAndUniqueKeyIntact(@TempDir Path dir) {
        Path file = dir.resolve("mongo.mv");
        // an earlier version's store: pages of up to 48 entries
        withCollection(new EmbeddedH2Backend(EmbeddedMongoConfiguration.openStore(file, pagesOf(48))), touches -> {
            touches.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            for (int i = 0; i < 600; i++) {
                touches.insertOne(everyKindOfValue("touch:" + i, i));
            }
        });

        // today's default splits the pages it writes beyond 12 entries; old and new pages live side by side
        withCollection(new EmbeddedH2Backend(EmbeddedMongoConfiguration.openStore(file, pagesOf(12))), touches -> {
            touches.updateMany(eq("n", 1), Updates.inc("attempts", 1));
            for (int i = 600; i < 700; i++) {
                touches.insertOne(everyKindOfValue("touch:" + i, i));
            }
        });

        withCollection(new EmbeddedH2Backend(EmbeddedMongoConfiguration.openStore(file, pagesOf(12))), touches -> {
            for (int i = 0; i < 700; i++) {
                Document expected = everyKindOfValue("touch:" + i, i);
                if (i % 7 == 1 && i < 600) {
                    expected.put("attempts", 2);
                }
                assertThat(touches.find(eq("_id", "touch:" + i)).first()).isEqualTo(expected);
            }
            assertThat(touches.countDocuments()).isEqualTo(700);
            assertThatThrownBy(() -> touches.insertOne(new Document("_id", "other").append("email", "p599@example.com")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    private static EmbeddedProperties.Mongo pagesOf(int keysPerPage) {
        return new EmbeddedProperties.Mongo(0, "relance", java.time.Duration.ofMillis(200),
                org.springframework.util.unit.DataSize.ofMegabytes(16), keysPerPage, 50);
    }

    @Test
    void anUpdateNeverChangesTheDocumentInstanceTheStoresPagesHold() {
        MVStore store = new MVStore.Builder().open();
        withCollection(new EmbeddedH2Backend(store), touches -> {
            touches.insertOne(new Document("_id", "touch:1").append("status", "STARTED").append("attempts", 1));
            touches.insertOne(new Document("_id", "touch:2").append("status", "STARTED").append("attempts", 1));
            MVMap<Object, de.bwaldvogel.mongo.bson.Document> pages = store.openMap("databases.store.touches");
            de.bwaldvogel.mongo.bson.Document first = pages.get("touch:1");
            de.bwaldvogel.mongo.bson.Document second = pages.get("touch:2");

            touches.updateOne(eq("_id", "touch:1"), Updates.combine(Updates.inc("attempts", 1), Updates.unset("status")));
            touches.findOneAndUpdate(and(eq("_id", "touch:2"), eq("status", "STARTED")), Updates.set("status", "SENT"));

            // the instances the store's writer may be encoding are left as they were; the map holds the new ones
            assertThat(first).containsEntry("attempts", 1).containsEntry("status", "STARTED");
            assertThat(second).containsEntry("status", "STARTED");
            assertThat(pages.get("touch:1")).containsEntry("attempts", 2).doesNotContainKey("status");
            assertThat(pages.get("touch:2")).containsEntry("status", "SENT");
            assertThat(touches.find(eq("_id", "touch:1")).first())
                    .isEqualTo(new Document("_id", "touch:1").append("attempts", 2));
        });
    }

    @Test
    void keysCompareAsTheirSerialisedBytesDoWhetherKeptByValueOrByIdentity() {
        // the stored order is the stock key type's: a key remembered wrongly would misplace every lookup
        Supplier<List<KeyValue>> keys = () -> List.of(
                new KeyValue("p1@example.com"), new KeyValue("p10@example.com"), new KeyValue("p2@example.com"),
                new KeyValue(serverId("65a000000000000000000001")), new KeyValue(serverId("65a000000000000000000002")),
                new KeyValue("c1", serverId("65a000000000000000000001")), new KeyValue(1.0), new KeyValue(2L),
                new KeyValue(serverDocument("a", 1, "b", 2)), new KeyValue(serverDocument("b", 2, "a", 1)));
        ObjectDataType stock = new ObjectDataType();
        EmbeddedH2Backend.MemoizedKeyType ours = new EmbeddedH2Backend.MemoizedKeyType();
        for (int round = 0; round < 2; round++) {
            // new instances each round: equal keys built again, as the server builds one for each lookup
            List<KeyValue> left = keys.get();
            List<KeyValue> right = keys.get();
            for (KeyValue a : left) {
                for (KeyValue b : right) {
                    assertThat(Integer.signum(ours.compare(a, b))).as("%s against %s", a, b)
                            .isEqualTo(Integer.signum(stock.compare(a, b)));
                }
            }
        }
    }

    // the server's own value types, as its indexes hold them
    private static de.bwaldvogel.mongo.bson.ObjectId serverId(String hex) {
        return new de.bwaldvogel.mongo.bson.ObjectId(hex);
    }

    private static de.bwaldvogel.mongo.bson.Document serverDocument(String key, Object value, String otherKey, Object otherValue) {
        return new de.bwaldvogel.mongo.bson.Document(key, value).append(otherKey, otherValue);
    }

    private static Document everyKindOfValue(Object id, int i) {
        return new Document("_id", id).append("email", "p" + i + "@example.com")
                .append("n", i % 7).append("attempts", 1).append("big", 10_000_000_000L + i).append("ratio", i / 4.0)
                .append("at", new java.util.Date(1_700_000_000_000L + i)).append("sent", i % 2 == 0).append("error", null)
                .append("amount", new org.bson.types.Decimal128(new java.math.BigDecimal("12.50")))
                .append("bytes", new org.bson.types.Binary(new byte[] {1, 2, (byte) i}))
                .append("replies", List.of(new Document("kind", "REPLY").append("at", new java.util.Date(1_700_000_000_000L)),
                        "text é ü", i))
                .append("outcomes", new Document("NO_ANSWER", i).append("nested", new Document("deep", List.of())));
    }

    private static void withCollection(H2Backend backend, Consumer<MongoCollection<Document>> use) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            use.accept(client.getDatabase("store").getCollection("touches"));
        } finally {
            server.shutdownNow();
        }
    }

    private MongoCollection<Document> prospectsOn(H2Backend backend) {
        MongoServer server = new MongoServer(backend);
        servers.add(server);
        MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
        clients.add(client);
        MongoCollection<Document> prospects = client.getDatabase("planner").getCollection("prospects");
        prospects.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            documents.add(new Document("_id", i).append("email", "p" + i + "@example.com")
                    .append("status", i % 2 == 0 ? "open" : "done"));
        }
        prospects.insertMany(documents);
        return prospects;
    }

    private static List<Object> ids(MongoCollection<Document> prospects, Bson query) {
        return prospects.find(query).sort(new Document("_id", 1)).map(d -> d.get("_id")).into(new ArrayList<>());
    }
}
