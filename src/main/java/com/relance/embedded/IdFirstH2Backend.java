package com.relance.embedded;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of the embedded server, with one planner fix: a query that constrains every field of a
 * unique index (e.g. {@code _id}, a value or an {@code $in}) together with other conditions, at its top
 * level or in one clause of a top-level {@code $and}, reads its
 * candidates through that index, then applies the whole query to them. The stock backend uses an index
 * only when the query's fields are exactly the index's, so {@code {_id: x, status: {$nin: [...]}}} read
 * the whole collection. A real MongoDB plans such a query on the index anyway; the results are the same,
 * only the cost changes.
 */
class IdFirstH2Backend extends H2Backend {

    // The H2 backend's map names (H2Database keeps them package-private); the store stays readable by both.
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    IdFirstH2Backend(MVStore store) {
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
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            return new Collection(this, collectionName, options, store.openMap(DATA_PREFIX + fullName),
                    store.openMap(META_PREFIX + fullName), cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {

        Collection(MongoDatabase database, String name, CollectionOptions options,
                   org.h2.mvstore.MVMap<Object, Document> data, org.h2.mvstore.MVMap<String, Object> meta,
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
}
