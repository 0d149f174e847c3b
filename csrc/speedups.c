/* cleaner._speedups: compiled twins of the hottest pure-Python functions of cleaner.
 *
 * Every function here has a pure-Python reference in the package that gives the same result;
 * the Python module picks this one when it is importable (see cleaner/_accel.py). */
#include "speedups.h"

static PyMethodDef *const tables[] = {cleaner_feature_methods, cleaner_scoring_methods,
                                        cleaner_word_methods, cleaner_line_methods,
                                        cleaner_text_methods, cleaner_document_methods};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaner._speedups",
    "Compiled twins of cleaner's hottest per-line functions (optional).", -1, NULL, NULL, NULL,
    NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void) {
    PyObject *mod = PyModule_Create(&module);
    if (mod == NULL)
        return NULL;
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        if (PyModule_AddFunctions(mod, tables[t]) < 0) {
            Py_DECREF(mod);
            return NULL;
        }
    }
    return mod;
}
