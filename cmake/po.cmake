# Translations: .mo files built into the build tree (the program finds them
# there, so it runs translated without installing), and a `pot` target that
# refreshes po/cks-sapnhap.pot from the sources and merges it into every .po.
set(CKS_PO_DIR ${CMAKE_SOURCE_DIR}/po)
set(CKS_LINGUAS vi)
set(CKS_MO_FILES)
foreach(lang ${CKS_LINGUAS})
  set(mo ${CKS_LOCALE_BUILD_DIR}/${lang}/LC_MESSAGES/cks-sapnhap.mo)
  add_custom_command(
    OUTPUT ${mo}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CKS_LOCALE_BUILD_DIR}/${lang}/LC_MESSAGES
    COMMAND ${MSGFMT_EXECUTABLE} --check -o ${mo} ${CKS_PO_DIR}/${lang}.po
    DEPENDS ${CKS_PO_DIR}/${lang}.po
    COMMENT "Compiling the ${lang} translation")
  list(APPEND CKS_MO_FILES ${mo})
  install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
endforeach()
add_custom_target(translations ALL DEPENDS ${CKS_MO_FILES})

set(CKS_XGETTEXT_ARGS --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=CKS_N_
    --add-comments=TRANSLATORS: --package-name=cks-sapnhap
    --package-version=${PROJECT_VERSION} --msgid-bugs-address=none
    --directory=${CMAKE_SOURCE_DIR} --files-from=${CKS_PO_DIR}/POTFILES.in)

add_custom_target(pot
  COMMAND ${XGETTEXT_EXECUTABLE} ${CKS_XGETTEXT_ARGS} --output=${CKS_PO_DIR}/cks-sapnhap.pot
  COMMAND ${MSGMERGE_EXECUTABLE} --quiet --update --backup=none --no-fuzzy-matching
          ${CKS_PO_DIR}/vi.po ${CKS_PO_DIR}/cks-sapnhap.pot
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  COMMENT "Refreshing po/cks-sapnhap.pot and merging it into po/*.po")
