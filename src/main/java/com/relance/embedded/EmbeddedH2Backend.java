package com.relance.embedded;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The H2 backend of the embedded server, with two fixes that change what a query costs, never what it answers
 * or what is stored:
 * <ul>
 * <li>a query that constrains every field of a unique index (e.g. {@code _id}, a value or an {@code $in})
 * together with other conditions, at its top level or in one clause of a top-level {@code $and}, reads its
 * candidates through that index, then applies the whole query to them. The stock backend uses an index only
 * when the query's fields are exactly the index's, so {@code {_id: x, status: {$nin: [...]}}} read the whole
 * collection. A real MongoDB plans such a query on the index anyway.</li>
 * <li>unique indexes compare their keys without serialising them again at each comparison
 * ({@link MemoizedKeyType}); the stored bytes and their order are the stock ones.</li>
 * </ul>
 * And one that changes how documents are stored: as BSON ({@link BsonDocumentType}) instead of Java
 * serialisation, which the store's writer redid for every document of every page a change touched. Documents a
 * store holds in the stock form are read as they are and written back as BSON when they change, so a store
 * from an earlier version opens; one written by this backend no longer opens with the stock one. Updates work
 * on copies of the stored documents, so the store's writer never encodes a document while it changes.
 */
class EmbeddedH2Backend extends H2Backend {

    // The H2 backend's map names (H2Database keeps them package-private); the store stays readable by both.
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    EmbeddedH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    // An inner class: H2Database opens collections from its constructor, before a field of ours is set.
    private final class Database extends H2Database {

        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            // the stock backend's map name and stored bytes, compared faster (see MemoizedKeyType)
            MVMap<KeyValue, Object> map = getMvStore().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                    new MVMap.Builder<KeyValue, Object>().keyType(new MemoizedKeyType()));
            return new UniqueIndex(map, indexName, keys, sparse);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            return new Collection(this, collectionName, options,
                    store.openMap(DATA_PREFIX + fullName, new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType())),
                    store.openMap(META_PREFIX + fullName), cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {

        // set while an update runs; every operation of the server holds this collection's monitor
        private boolean updating;

        Collection(MongoDatabase database, String name, CollectionOptions options,
                   MVMap<Object, Document> data, MVMap<String, Object> meta,
                   CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            for (Index<Object> index : getIndexes()) {
                Document narrowed = narrowTo(index, query);
                if (narrowed != null && !narrowed.equals(query) && index.canHandle(narrowed)) {
                    return matchDocuments(query, index.getPositions(narrowed), orderBy, skip, limit, batchSize,
                            fieldSelector);
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            return updating(() -> super.findAndModify(query));
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                     boolean isMulti, boolean isUpsert, Oplog oplog) {
            return updating(() -> super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog));
        }

        private Document updating(Supplier<Document> update) {
            updating = true;
            try {
                return update.get();
            } finally {
                updating = false;
            }
        }

        /**
         * An update gets copies of the documents it matched: the server changes the document it is given in
         * place before storing it again, and the one read from the map is the instance the store's pages hold,
         * which the store's background writer may be encoding at that moment (a ConcurrentModificationException
         * there closes the store). Queries and replies share that instance; none of them changes it. The copies
         * are matched once, here: the stock code would match them again, and an update of 500 ids by {@code $in}
         * compares each document with the whole list every time.
         */
        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int skip, int limit,
                                                       int batchSize, Comparator<Document> order, Document fieldSelector) {
            if (!updating) {
                return super.matchDocumentsFromStream(query, documents, skip, limit, batchSize, order, fieldSelector);
            }
            Stream<Document> matched = documents.filter(document -> documentMatchesQuery(document, query))
                    .map(Document::cloneDeeply);
            return super.matchDocumentsFromStream(new Document(), matched, skip, limit, batchSize, order, fieldSelector);
        }

        /**
         * The query's conditions on the index's fields, taken from its top level or from one of the clauses of
         * a top-level {@code $and}; null when it does not constrain all of them.
         */
        private static Document narrowTo(Index<Object> index, Document query) {
            Document narrowed = fieldsOf(index, query);
            if (narrowed == null && query.get("$and") instanceof List<?> clauses) {
                for (Object clause : clauses) {
                    if (clause instanceof Document document && (narrowed = fieldsOf(index, document)) != null) {
                        break;
                    }
                }
            }
            return narrowed;
        }

        private static Document fieldsOf(Index<Object> index, Document conditions) {
            Document narrowed = new Document();
            for (IndexKey key : index.getKeys()) {
                if (!conditions.containsKey(key.getKey())) {
                    return null;
                }
                narrowed.put(key.getKey(), conditions.get(key.getKey()));
            }
            return narrowed;
        }
    }

    /**
     * The stock H2 unique index over our key type: keys mapped to the document's position, a missing
     * position stored as {@link Missing} (as H2UniqueIndex does, whose constructor is not public).
     */
    private static final class UniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /**
     * H2's key type for these indexes, with the same stored bytes and the same order, computed faster. H2
     * orders keys it does not know (the server's {@link KeyValue}) by their Java-serialised bytes, serialising
     * both keys at each comparison: some 30 serialisations for one lookup in an index of 100,000 keys, on
     * every write. Here each key's bytes are kept while it is in use (the key looked up, the keys of the pages
     * on its path), per thread and by identity, so each is serialised once. Keys of strings and ObjectIds, the
     * usual ones, are also kept by value: the server builds a new key for each lookup, and looks a document's id
     * up twice for an update, three times for an insert. Other keys are not, since values that are equal (two
     * documents with the same fields in another order) may serialise differently.
     */
    static final class MemoizedKeyType extends ObjectDataType {

        private static final int KEPT = 8_192;
        private static final ThreadLocal<Map<Object, byte[]>> BY_VALUE = ThreadLocal.withInitial(HashMap::new);
        private static final ThreadLocal<Map<Object, byte[]>> BY_IDENTITY = ThreadLocal.withInitial(IdentityHashMap::new);

        @Override
        public int compare(Object a, Object b) {
            if (a == b) {
                return 0;
            }
            if (a instanceof KeyValue && b instanceof KeyValue) {
                return compareNotNull(serialised((KeyValue) a), serialised((KeyValue) b));
            }
            return super.compare(a, b);
        }

        private static byte[] serialised(KeyValue key) {
            // by identity first: a page's keys are met again and again, and hashing them costs more than this
            Map<Object, byte[]> byIdentity = BY_IDENTITY.get();
            byte[] bytes = byIdentity.get(key);
            if (bytes == null) {
                Map<Object, byte[]> byValue = plain(key) ? BY_VALUE.get() : null;
                bytes = byValue == null ? null : byValue.get(key);
                if (bytes == null) {
                    bytes = serialize(key);
                    if (byValue != null) {
                        keep(byValue, key, bytes);
                    }
                }
                keep(byIdentity, key, bytes);
            }
            return bytes;
        }

        private static void keep(Map<Object, byte[]> kept, KeyValue key, byte[] bytes) {
            if (kept.size() >= KEPT) {
                kept.clear();
            }
            kept.put(key, bytes);
        }

        /** Equal keys of these values serialise to the same bytes. */
        private static boolean plain(KeyValue key) {
            for (Object value : key) {
                if (!(value instanceof String) && !(value instanceof ObjectId)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A collection's documents as BSON, the encoding the server already uses on the wire, behind a tag of its
     * own; any other value, and a document stored by the stock backend (Java serialisation, tag 19), is left
     * to {@link ObjectDataType}. BSON holds every value a document can get through the wire protocol, which is
     * the only way documents reach the store.
     */
    static final class BsonDocumentType extends ObjectDataType {

        /** Not one of ObjectDataType's tags (0 to 119). */
        static final byte BSON_TAG = 126;

        private volatile int averageSize = 256;

        @Override
        public void write(WriteBuffer buffer, Object value) {
            if (!(value instanceof Document document)) {
                super.write(buffer, value);
                return;
            }
            ByteBuf bson = Unpooled.buffer(averageSize + 64);
            try {
                BsonEncoder.encodeDocument(document, bson);
                int size = bson.readableBytes();
                averageSize = (size + 15 * averageSize) / 16;
                buffer.put(BSON_TAG).put(bson.nioBuffer());
            } finally {
                bson.release();
            }
        }

        @Override
        public Object read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) != BSON_TAG) {
                return super.read(buffer);
            }
            int start = buffer.position() + 1;
            // a BSON document starts with its own length, little-endian
            int size = (buffer.get(start) & 0xff) | (buffer.get(start + 1) & 0xff) << 8
                    | (buffer.get(start + 2) & 0xff) << 16 | (buffer.get(start + 3) & 0xff) << 24;
            ByteBuf bson = Unpooled.wrappedBuffer(buffer.duplicate().position(start).limit(start + size));
            Document document = BsonDecoder.decodeBson(bson);
            buffer.position(start + size);
            return document;
        }

        @Override
        public int getMemory(Object value) {
            // twice the stored size, as ObjectDataType estimates serialised objects: BSON being the smaller, the
            // store's page cache (16 MB of estimates) holds more documents than with the stock backend. Four
            // times (fewer documents kept) ran the benchmark at 310 activity instances/s instead of 359: a page
            // read back decodes every document in it
            return value instanceof Document ? 2 * averageSize : super.getMemory(value);
        }
    }
}
