package com.relance.embedded;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
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
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
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
 * ({@link MemoizedKeyType}); the stored bytes and their order are the stock ones, so a store written by
 * either opens with the other.</li>
 * </ul>
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
            return new Collection(this, collectionName, options, store.openMap(DATA_PREFIX + fullName),
                    store.openMap(META_PREFIX + fullName), cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {

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
     * every write. Here each key object's bytes are kept while it is in use (the key looked up, the keys
     * of the pages on its path), per thread and by identity, so each is serialised once.
     */
    static final class MemoizedKeyType extends ObjectDataType {

        private static final int KEPT = 8_192;
        private static final ThreadLocal<IdentityHashMap<Object, byte[]>> SERIALISED =
                ThreadLocal.withInitial(IdentityHashMap::new);

        @Override
        public int compare(Object a, Object b) {
            if (a == b) {
                return 0;
            }
            if (a instanceof KeyValue && b instanceof KeyValue) {
                return compareNotNull(serialised(a), serialised(b));
            }
            return super.compare(a, b);
        }

        private static byte[] serialised(Object key) {
            IdentityHashMap<Object, byte[]> kept = SERIALISED.get();
            byte[] bytes = kept.get(key);
            if (bytes == null) {
                if (kept.size() >= KEPT) {
                    kept.clear();
                }
                bytes = serialize(key);
                kept.put(key, bytes);
            }
            return bytes;
        }
    }
}
